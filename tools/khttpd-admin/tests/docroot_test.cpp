#include "docroot.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fake_tree.h"

namespace khttpd::admin {
namespace {

TEST(DocrootTest, SaysWhatIsWrongAndHowToFixIt) {
  testing::FakeTree tree;
  tree.write("www/index.html", "x");
  tree.write("file", "x");
  const std::string www = tree.path("www");
  chmod(www.c_str(), 0755);
  EXPECT_EQ(docroot_problem(www, "/www"), "");
  chmod(www.c_str(), 0701);  // search is enough; listing is not needed
  EXPECT_EQ(docroot_problem(www, "/www"), "");
  chmod(www.c_str(), 0750);
  EXPECT_EQ(docroot_problem(www, "/www"),
            "docroot /www is not searchable by others (mode 0750); khttpd reads files as "
            "others: chmod o+x /www");
  EXPECT_EQ(docroot_problem(tree.path("none"), "/none"), "docroot /none does not exist");
  EXPECT_EQ(docroot_problem(tree.path("file"), "/file"), "docroot /file is not a directory");
  EXPECT_EQ(docroot_problem(tree.path("file/x"), "/file/x"),
            "docroot /file/x is not a directory (a part of its path is a file)");
}

}  // namespace
}  // namespace khttpd::admin
