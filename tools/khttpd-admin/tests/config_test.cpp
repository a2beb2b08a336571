#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "config_file.h"
#include "fake_tree.h"

namespace khttpd::admin {
namespace {

using testing::FakeTree;

TEST(ConfigTest, ParsesGoodLines) {
  Config config = parse_config(
      "# khttpd\n"
      "\n"
      "port=80\n"
      "  bind =  ::1  \n"
      "\tworkers\t=\t8\r\n"
      "docroot = \"\"\n"
      "# backlog = 5\n"
      "fib_cache_bytes = 128M\n"
      "file_cache_bytes = \" 1024\"",  // no final newline; quotes kept out of the check
      "test.conf");
  EXPECT_EQ(config.errors.size(), 1u);  // " 1024" is not a number
  EXPECT_EQ(config.entries.at("port").value, "80");
  EXPECT_EQ(config.entries.at("port").line, 3);
  EXPECT_EQ(config.entries.at("bind").value, "::1");
  EXPECT_EQ(config.entries.at("workers").value, "8");
  EXPECT_EQ(config.entries.at("docroot").value, "");
  EXPECT_EQ(config.entries.at("fib_cache_bytes").value, "134217728");
  EXPECT_EQ(config.entries.count("backlog"), 0u);
}

TEST(ConfigTest, ReportsBadLinesWithFileAndLine) {
  Config config = parse_config(
      "port = 80\n"
      "workers 8\n"
      "prot = 80\n"
      "workers = 0\n"
      "port = 81\n"
      "docroot = www\n"
      "port = 80 # http\n"
      "= 5\n",
      "/etc/khttpd/khttpd.conf");
  ASSERT_EQ(config.errors.size(), 7u);
  EXPECT_EQ(config.errors[0], "/etc/khttpd/khttpd.conf:2: expected 'key = value', got 'workers 8'");
  EXPECT_EQ(config.errors[1], "/etc/khttpd/khttpd.conf:3: unknown key 'prot'");
  EXPECT_EQ(config.errors[2],
            "/etc/khttpd/khttpd.conf:4: invalid value for workers: '0' (expected an integer from 1 "
            "to 512)");
  EXPECT_EQ(config.errors[3], "/etc/khttpd/khttpd.conf:5: port is already set on line 1");
  EXPECT_NE(config.errors[4].find(":6: invalid value for docroot"), std::string::npos);
  EXPECT_NE(config.errors[5].find(":7: invalid value for port: '80 # http'"), std::string::npos);
  EXPECT_EQ(config.errors[6], "/etc/khttpd/khttpd.conf:8: unknown key ''");
  EXPECT_FALSE(config.ok());
  EXPECT_EQ(config.entries.at("port").value, "80");  // good lines still count
}

TEST(ConfigTest, MissingFileIsEmptyAndValid) {
  FakeTree tree;
  Config config = read_config(tree.path("etc/khttpd/none.conf"));
  EXPECT_TRUE(config.ok());
  EXPECT_TRUE(config.entries.empty());
}

TEST(ConfigTest, UpdateReplacesActiveLineKeepingTheRest) {
  std::string text =
      "# header comment\n"
      "port = 80\n"
      "\n"
      "# workers = 64\n"
      "workers=4\n";
  EXPECT_EQ(update_config_text(text, {{"workers", "8"}, {"port", "8080"}}),
            "# header comment\n"
            "port = 8080\n"
            "\n"
            "# workers = 64\n"
            "workers = 8\n");
}

TEST(ConfigTest, UpdateInsertsAfterCommentedExample) {
  std::string text =
      "# Port, 1..65535.\n"
      "#port = 8081\n"
      "\n"
      "# Threads.\n"
      "# workers = 64\n";
  EXPECT_EQ(update_config_text(text, {{"port", "80"}, {"bind", ""}, {"workers", "2"}}),
            "# Port, 1..65535.\n"
            "#port = 8081\n"
            "port = 80\n"
            "\n"
            "# Threads.\n"
            "# workers = 64\n"
            "workers = 2\n"
            "bind = \"\"\n");
}

TEST(ConfigTest, UpdatedTextParsesBack) {
  std::string text = update_config_text("", {{"docroot", "/srv/a b "}, {"bind", ""}});
  Config config = parse_config(text, "x");
  EXPECT_TRUE(config.ok());
  EXPECT_EQ(config.entries.at("docroot").value, "/srv/a b ");
  EXPECT_EQ(config.entries.at("bind").value, "");
}

TEST(ConfigTest, PersistIsAtomicAndKeepsMode) {
  FakeTree tree;
  tree.write("etc/khttpd/khttpd.conf", "# keep me\nport = 80\n", 0640);
  std::string path = tree.path("etc/khttpd/khttpd.conf");
  EXPECT_EQ(persist_config(path, {{"port", "81"}}), "");
  EXPECT_EQ(tree.read("etc/khttpd/khttpd.conf"), "# keep me\nport = 81\n");
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);

  int entries = 0;
  DIR* dir = opendir(tree.path("etc/khttpd").c_str());
  while (struct dirent* e = readdir(dir)) entries += e->d_name[0] != '.';
  closedir(dir);
  EXPECT_EQ(entries, 1);  // no temporary file left behind
}

TEST(ConfigTest, PersistCreatesMissingFile) {
  FakeTree tree;
  EXPECT_EQ(persist_config(tree.path("etc/khttpd/khttpd.conf"), {{"workers", "3"}}), "");
  EXPECT_EQ(tree.read("etc/khttpd/khttpd.conf"), "workers = 3\n");
}

TEST(ConfigTest, PersistReportsMissingDirectory) {
  FakeTree tree;
  std::string failure = persist_config(tree.path("nowhere/khttpd.conf"), {{"workers", "3"}});
  EXPECT_NE(failure.find("nowhere/khttpd.conf"), std::string::npos) << failure;
}

}  // namespace
}  // namespace khttpd::admin
