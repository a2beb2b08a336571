// Drives module/lib/http/http_parser.c the way the connection engine does:
// bytes arrive in segments, the head is re-parsed in a growing buffer, the
// body is consumed and discarded, and pipelined requests follow one another.
// Shared by the unit tests and the fuzzer (tests/fuzz/), so no gtest here.
#pragma once

#include <string>
#include <vector>

extern "C" {
#include "http_parser.h"
#include "http_path.h"
}

namespace khttpd_test {

// Final states besides a negative HTTP status.
constexpr int kOk = 1000;	// every byte consumed by complete requests
constexpr int kAgain = 1001;	// input ends inside a request

struct Outcome {
	// One summary per complete request: "key=value" tokens joined by '|'.
	std::vector<std::string> requests;
	int final = kOk;
	// Broken API promises or invariants (see harness.cc); empty if none.
	std::string violations;

	bool operator==(const Outcome &o) const
	{
		return requests == o.requests && final == o.final &&
		       violations == o.violations;
	}
};

std::string Describe(const Outcome &o);

// Feeds @in cut at the increasing offsets @cuts.  With @exact each call
// sees a fresh copy of exactly the bytes it may read, so ASan catches a
// read past len.
Outcome Feed(const std::string &in, const std::vector<size_t> &cuts,
	     const kh_http_limits *lim, bool exact = true);

// Parses @in whole, one byte at a time (when @bytewise) and in two pieces
// at each offset of @splits; *@whole gets the whole-buffer outcome.
// Returns "" when all agree and nothing was violated, else a description.
std::string Disagreement(const std::string &in, const kh_http_limits *lim,
			 const std::vector<size_t> &splits, bool bytewise,
			 Outcome *whole);

// Every offset, or a stride of size/512 above 512 bytes.
std::vector<size_t> AllSplits(size_t size);

// True when every '|'-separated token of @expect is a token of @summary.
bool Matches(const std::string &summary, const std::string &expect);

// Limits small enough to reach in a test: 64-byte request line, 128-byte
// head, 4 field lines, 16-byte body.
extern const kh_http_limits kSmall;

// Empty if @path (as kh_http_path_normalize() returns it) is normal: starts
// with '/', no empty, "." or ".." segment, no NUL, fits HTTP_MAX_PATH.
std::string PathViolation(const char *path, size_t len);

}  // namespace khttpd_test
