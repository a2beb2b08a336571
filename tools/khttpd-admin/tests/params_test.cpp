#include "params.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

#include "fake_tree.h"
#include "keys.h"

namespace khttpd::admin {
namespace {

using testing::FakeTree;

TEST(ParamsTest, ReadsValuesInForce) {
  FakeTree tree;
  Paths paths{tree.root()};
  EXPECT_FALSE(module_loaded(paths));
  EXPECT_EQ(read_param(paths, "port"), std::nullopt);

  tree.load_module({{"bind", ""}, {"workers", FakeTree::kAbsent}});
  EXPECT_TRUE(module_loaded(paths));
  EXPECT_EQ(read_param(paths, "port"), "8081");
  EXPECT_EQ(read_param(paths, "bind"), "");
  EXPECT_EQ(read_param(paths, "workers"), std::nullopt);
  auto all = read_all_params(paths);
  EXPECT_EQ(all.size(), all_keys().size());
  EXPECT_EQ(all["docroot"], "/var/www/khttpd");
}

TEST(ParamsTest, WritesValueAndNewline) {
  FakeTree tree;
  tree.load_module();
  Paths paths{tree.root()};
  WriteResult result = write_param(paths, "port", "80");
  EXPECT_EQ(result.err, 0);
  EXPECT_EQ(tree.read(tree.param_file("port")), "80\n");
  // An empty value still reaches the kernel: sysfs ignores empty writes.
  EXPECT_EQ(write_param(paths, "bind", "").err, 0);
  EXPECT_EQ(tree.read(tree.param_file("bind")), "\n");
}

TEST(ParamsTest, WriteReportsErrno) {
  FakeTree tree;
  Paths paths{tree.root()};
  WriteResult result = write_param(paths, "port", "80");
  EXPECT_EQ(result.err, ENOENT);
  EXPECT_TRUE(result.at_open);

  tree.load_module();
  // A write the "kernel" refuses: /dev/full fails every write with ENOSPC.
  unlink(tree.path(tree.param_file("workers")).c_str());
  ASSERT_EQ(symlink("/dev/full", tree.path(tree.param_file("workers")).c_str()), 0);
  result = write_param(paths, "workers", "8");
  EXPECT_EQ(result.err, ENOSPC);
  EXPECT_FALSE(result.at_open);
}

std::string describe(int err, bool at_open, const std::string& key, const std::string& value,
                     Endpoint ep = {"8081", ""}, bool loaded = true, bool root_user = false,
                     const std::string& docroot_problem = "") {
  WriteContext context;
  context.endpoint = ep;
  context.loaded = loaded;
  context.root_user = root_user;
  context.docroot_problem = docroot_problem;
  return describe_write_error({err, at_open}, key, value, context);
}

TEST(ParamsTest, DescribesKernelRefusals) {
  EXPECT_EQ(describe(EADDRINUSE, false, "port", "80", {"80", ""}), "port 80 is already in use");
  EXPECT_EQ(describe(EADDRINUSE, false, "bind", "10.0.0.1", {"8081", "10.0.0.1"}),
            "port 8081 on 10.0.0.1 is already in use");
  EXPECT_EQ(describe(EADDRNOTAVAIL, false, "bind", "192.0.2.7", {"8081", "192.0.2.7"}),
            "address 192.0.2.7 is not assigned to this host");
  EXPECT_EQ(describe(EACCES, true, "workers", "8"),
            "cannot set workers=8: permission denied: run as root");
  EXPECT_EQ(describe(EPERM, true, "port", "80"),
            "cannot set port=80: permission denied: run as root");
  // Root is not told to run as root.
  EXPECT_EQ(describe(EACCES, true, "workers", "8", {"8081", ""}, true, true),
            "cannot set workers=8: permission denied opening its sysfs file");
  EXPECT_EQ(describe(EACCES, false, "docroot", "/srv/a", {"8081", ""}, true, true,
                     "docroot /srv/a is not searchable by others (mode 0700); khttpd reads "
                     "files as others: chmod o+x /srv/a"),
            "cannot set docroot=/srv/a: docroot /srv/a is not searchable by others (mode 0700); "
            "khttpd reads files as others: chmod o+x /srv/a");
  EXPECT_EQ(describe(EACCES, false, "docroot", "/srv/a", {"8081", ""}, true, true),
            "cannot set docroot=/srv/a: khttpd may not use it (others cannot search it)");
  EXPECT_EQ(describe(EACCES, false, "port", "80", {"80", ""}),
            "cannot listen on port 80: permission denied");
  EXPECT_EQ(describe(EACCES, false, "workers", "8"),
            "cannot set workers=8: permission denied: run as root");
  EXPECT_EQ(describe(EINVAL, false, "workers", "8"), "kernel refused workers=8: invalid value");
  EXPECT_EQ(describe(EBUSY, false, "workers", "8"), "kernel refused workers=8: busy, try again");
  EXPECT_EQ(describe(ENOENT, true, "workers", "8", {}, false), "khttpd is not loaded");
  EXPECT_EQ(describe(ENOENT, true, "workers", "8", {}, true),
            "workers is not supported by the loaded khttpd module");
  EXPECT_EQ(describe(ENOSPC, false, "workers", "8"),
            "cannot set workers=8: No space left on device");
}

}  // namespace
}  // namespace khttpd::admin
