#include "run.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace khttpd::admin {

RunResult run_program(const std::vector<std::string>& argv) {
  RunResult result;
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  // The child reports an exec failure through a close-on-exec pipe, so
  // "cannot run" is told apart from the program exiting with 127.
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = fork();
  if (pid < 0) {
    result.error = std::string("fork: ") + std::strerror(errno);
    close(pipefd[0]);
    close(pipefd[1]);
    return result;
  }
  if (pid == 0) {
    close(pipefd[0]);
    execv(args[0], args.data());
    int err = errno;
    ssize_t ignored = write(pipefd[1], &err, sizeof(err));
    (void)ignored;
    _exit(127);
  }
  close(pipefd[1]);
  int exec_err = 0;
  ssize_t n;
  do {
    n = read(pipefd[0], &exec_err, sizeof(exec_err));
  } while (n < 0 && errno == EINTR);
  close(pipefd[0]);

  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) {
      result.error = std::string("waitpid: ") + std::strerror(errno);
      return result;
    }
  }
  if (n == sizeof(exec_err)) {
    result.error = "cannot run " + argv[0] + ": " + std::strerror(exec_err);
  } else if (WIFEXITED(wstatus)) {
    result.status = WEXITSTATUS(wstatus);
  } else if (WIFSIGNALED(wstatus)) {
    result.error = argv[0] + " was killed by signal " + std::to_string(WTERMSIG(wstatus));
  }
  return result;
}

}  // namespace khttpd::admin
