// Running another program (modprobe) with an argument vector, never a shell.
#ifndef KHTTPD_ADMIN_RUN_H_
#define KHTTPD_ADMIN_RUN_H_

#include <string>
#include <vector>

namespace khttpd::admin {

struct RunResult {
  int status = -1;    // exit status; -1 when the program could not run or was killed
  std::string error;  // why, when status is -1
};

// fork + execv(argv[0], argv) and wait. stdin/stdout/stderr are inherited.
RunResult run_program(const std::vector<std::string>& argv);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_RUN_H_
