// What khttpd requires of a docroot, checked from user space so that a
// refusal can be explained: an existing directory that "others" may search,
// since the module reads files with the credential of others (nobody).
#ifndef KHTTPD_ADMIN_DOCROOT_H_
#define KHTTPD_ADMIN_DOCROOT_H_

#include <string>

namespace khttpd::admin {

// "" when the directory at fs_path is usable as a docroot, otherwise why
// not, naming it as shown (the path the administrator wrote) and saying
// what would fix it, e.g. "docroot /srv/www is not searchable by others
// (mode 0750); khttpd reads files as others: chmod o+x /srv/www".
std::string docroot_problem(const std::string& fs_path, const std::string& shown);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_DOCROOT_H_
