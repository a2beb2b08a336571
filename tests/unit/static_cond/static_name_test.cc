// Hidden names below the docroot (module/lib/static/static_name.c): a path
// component starting with a dot is hidden, ".well-known" (RFC 8615) is not.
// Each name is handed over in a heap block of exactly its length, so that an
// overread shows under sanitizers.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

extern "C" {
#include "static_name.h"
}

namespace {

bool name_hidden(const std::string& s) {
  std::unique_ptr<char[]> block(new char[s.size() ? s.size() : 1]);
  memcpy(block.get(), s.data(), s.size());
  return khttpd_name_is_hidden(block.get(), s.size());
}

TEST(StaticName, DotNamesAreHidden) {
  for (const char* name : {".git", ".htpasswd", ".env", ".", "..", ".well-known2",
                           ".well-know", ".Well-Known", "..well-known"})
    EXPECT_TRUE(name_hidden(name)) << name;
}

TEST(StaticName, OtherNamesAreNot) {
  for (const char* name : {"", "index.html", "a.b", "x.", "well-known", ".well-known"})
    EXPECT_FALSE(name_hidden(name)) << name;
}

TEST(StaticName, AnyComponentHidesThePath) {
  for (const char* path : {".git", ".git/config", "a/.git/config", "a/b/.htpasswd", "a/.d/",
                           ".well-known/.secret", "a/.well-known/x/.env"})
    EXPECT_TRUE(khttpd_path_is_hidden(path)) << path;
}

TEST(StaticName, PathsWithoutDotComponents) {
  for (const char* path : {"", "index.html", "a/b/c.txt", "a/b/", ".well-known/acme-challenge/tok",
                           "dir.d/file.", "a//b"})
    EXPECT_FALSE(khttpd_path_is_hidden(path)) << path;
}

}  // namespace
