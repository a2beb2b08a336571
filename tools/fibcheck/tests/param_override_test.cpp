#include "param_override.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace khttpd::fibcheck {
namespace {

class ParamOverrideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fibcheck-params-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    put("fib_cache_bytes", "67108864\n");
    put("max_n", "1000000\n");
  }
  void TearDown() override {
    for (const char* name : {"fib_cache_bytes", "max_n"}) unlink((dir_ + "/" + name).c_str());
    rmdir(dir_.c_str());
  }
  void put(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string content(const std::string& name) {
    std::ifstream in(dir_ + "/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

TEST_F(ParamOverrideTest, SetThenRestore) {
  {
    ParamOverride params(dir_);
    std::string err;
    EXPECT_EQ(params.get("max_n", &err), "1000000");
    EXPECT_EQ(err, "");
    EXPECT_EQ(params.set("fib_cache_bytes", "0"), "");
    EXPECT_EQ(params.set("max_n", "10000000"), "");
    EXPECT_EQ(params.set("max_n", "20000000"), "");
    EXPECT_EQ(content("fib_cache_bytes"), "0\n");
    EXPECT_EQ(content("max_n"), "20000000\n");
    EXPECT_EQ(params.restore(), "");
    // the value before the first change
    EXPECT_EQ(content("max_n"), "1000000\n");
    EXPECT_EQ(content("fib_cache_bytes"), "67108864\n");
    EXPECT_EQ(params.set("max_n", "5"), "");
  }
  // and the destructor puts back what is still changed
  EXPECT_EQ(content("max_n"), "1000000\n");
}

TEST_F(ParamOverrideTest, Missing) {
  ParamOverride params(dir_);
  std::string err;
  EXPECT_EQ(params.get("nothing", &err), "");
  EXPECT_EQ(err, dir_ + "/nothing: No such file or directory");
  EXPECT_EQ(params.set("nothing", "1"), dir_ + "/nothing: No such file or directory");
  EXPECT_EQ(params.restore(), "");
}

}  // namespace
}  // namespace khttpd::fibcheck
