#include "harness.h"

#include <cstring>
#include <memory>
#include <set>
#include <sstream>

namespace khttpd_test {

const kh_http_limits kSmall = {64, 128, 4, 16};

static std::string Str(const kh_http_str &s)
{
	return s.p ? std::string(s.p, s.len) : std::string("-");
}

static const char *MethodName(kh_http_method m)
{
	static const char *const names[] = {"GET",     "HEAD",    "POST",
					    "PUT",     "DELETE",  "CONNECT",
					    "OPTIONS", "TRACE",   "PATCH",
					    "OTHER"};
	return m < HTTP_M_COUNT ? names[m] : "?";
}

std::string PathViolation(const char *path, size_t len)
{
	std::string p(path, len);

	if (len > HTTP_MAX_PATH)
		return "path too long";
	if (path[len] != '\0')
		return "path not NUL-terminated";
	if (p.find('\0') != std::string::npos)
		return "NUL in path";
	if (p.empty() || p[0] != '/')
		return "path not absolute";
	if (p.find("//") != std::string::npos)
		return "empty segment";
	p += '/';	// so the last segment ends like the others
	if (p.find("/./") != std::string::npos ||
	    p.find("/../") != std::string::npos)
		return "dot segment";
	return "";
}

// Invariants of a DONE head, whatever the input.
static std::string RequestViolation(const kh_http_request &r, const char *buf,
				    size_t len, size_t head)
{
	auto inside = [&](const kh_http_str &s) {
		return !s.p || (s.p >= buf && s.p + s.len <= buf + head);
	};

	if (head == 0 || head > len)
		return "consumed out of range";
	if (!inside(r.method_name) || !inside(r.target) || !inside(r.query) ||
	    !inside(r.host) || !inside(r.if_none_match) ||
	    !inside(r.if_modified_since) || !inside(r.range) ||
	    !inside(r.if_range) || !inside(r.accept_encoding) ||
	    !inside(r.user_agent) || !inside(r.referer))
		return "pointer outside the head";
	if (r.method >= HTTP_M_COUNT || r.version_minor > 1)
		return "bad method or version";
	if (r.has_body != (r.chunked || r.content_length > 0))
		return "has_body inconsistent";
	if (r.path_len == 0) {
		if (r.method != HTTP_M_CONNECT && r.method != HTTP_M_OPTIONS)
			return "empty path";
		return r.path[0] ? "empty path not terminated" : "";
	}
	if (r.path_has_trailing_slash != (r.path[r.path_len - 1] == '/'))
		return "trailing slash flag wrong";
	return PathViolation(r.path, r.path_len);
}

static std::string Summary(const kh_http_request &r, size_t head, size_t body)
{
	std::ostringstream o;
	o << "e=" << MethodName(r.method) << "|m=" << Str(r.method_name)
	  << "|v=1." << int(r.version_minor) << "|t=" << Str(r.target)
	  << "|p=" << std::string(r.path, r.path_len)
	  << "|slash=" << r.path_has_trailing_slash << "|q=" << Str(r.query)
	  << "|host=" << Str(r.host) << "|ka=" << r.keep_alive
	  << "|hb=" << r.has_body << "|chunked=" << r.chunked
	  << "|cl=" << r.content_length << "|expect=" << r.expect_continue
	  << "|inm=" << Str(r.if_none_match)
	  << "|ims=" << Str(r.if_modified_since) << "|range=" << Str(r.range)
	  << "|ir=" << Str(r.if_range) << "|ae=" << Str(r.accept_encoding)
	  << "|ua=" << Str(r.user_agent) << "|ref=" << Str(r.referer)
	  << "|head=" << head << "|body=" << body;
	return o.str();
}

std::string Describe(const Outcome &o)
{
	std::ostringstream s;
	for (const auto &r : o.requests)
		s << "  " << r << "\n";
	s << "  final=" << o.final;
	if (!o.violations.empty())
		s << "\n  violations: " << o.violations;
	return s.str();
}

Outcome Feed(const std::string &in, const std::vector<size_t> &cuts,
	     const kh_http_limits *lim, bool exact)
{
	Outcome out;
	kh_http_parser p;
	kh_http_request req;
	bool in_head = true;
	size_t start = 0, body = 0, c = 0;
	std::unique_ptr<char[]> seg;
	// a fresh block of exactly to - from bytes: ASan sees any overread
	auto view = [&](size_t from, size_t to) -> const char * {
		if (!exact)
			return in.data() + from;
		seg.reset(new char[to - from + (to == from)]);
		memcpy(seg.get(), in.data() + from, to - from);
		return seg.get();
	};
	auto violate = [&](const std::string &what) {
		out.violations += what + "; ";
	};

	kh_http_parser_init(&p, lim);
	for (;;) {
		size_t avail = c < cuts.size() ? cuts[c] : in.size();

		while (start < avail) {
			const char *buf = view(start, avail);
			size_t len = avail - start, used = 0;
			int rc;

			if (in_head) {
				rc = kh_http_parse_head(&p, buf, len, &req, &used);
				if (rc == HTTP_PARSE_AGAIN) {
					if (len >= p.limits->max_header_bytes)
						violate("AGAIN with a full buffer");
					break;
				}
				if (rc < 0) {
					out.final = rc;
					return out;
				}
				if (rc != HTTP_PARSE_DONE)
					violate("head rc " + std::to_string(rc));
				std::string bad =
					RequestViolation(req, buf, len, used);
				if (!bad.empty())
					violate(bad);
				// pointers into buf die with it: summarise now
				out.requests.push_back(Summary(req, used, 0));
				start += used;
				body = 0;
				in_head = false;
				buf = view(start, avail);
				len = avail - start;
			}
			rc = kh_http_parse_body(&p, buf, len, &used);
			if (rc < 0) {
				out.final = rc;
				return out;
			}
			if (used > len)
				violate("body consumed past len");
			start += used;
			body += used;
			if (rc == HTTP_PARSE_AGAIN) {
				if (used != len)
					violate("body AGAIN left bytes");
				break;
			}
			if (rc != HTTP_PARSE_DONE)
				violate("body rc " + std::to_string(rc));
			std::string &s = out.requests.back();
			s.replace(s.rfind("|body=0"), std::string::npos,
				  "|body=" + std::to_string(body));
			kh_http_parser_init(&p, lim);
			in_head = true;
		}
		if (c++ >= cuts.size())
			break;
	}
	if (!in_head || start != in.size())
		out.final = kAgain;
	return out;
}

std::vector<size_t> AllSplits(size_t size)
{
	std::vector<size_t> v;
	size_t stride = size > 512 ? size / 512 : 1;

	for (size_t i = 1; i < size; i += stride)
		v.push_back(i);
	return v;
}

std::string Disagreement(const std::string &in, const kh_http_limits *lim,
			 const std::vector<size_t> &splits, bool bytewise,
			 Outcome *whole)
{
	std::ostringstream err;

	*whole = Feed(in, {}, lim);
	if (!whole->violations.empty())
		return "whole: " + Describe(*whole);
	if (bytewise) {
		std::vector<size_t> cuts;

		for (size_t i = 1; i < in.size(); i++)
			cuts.push_back(i);
		Outcome bytes = Feed(in, cuts, lim, in.size() <= 4096);
		if (!(bytes == *whole))
			err << "one byte at a time:\n" << Describe(bytes) << "\n";
	}
	for (size_t i : splits) {
		if (i == 0 || i >= in.size())
			continue;
		Outcome split = Feed(in, {i}, lim);
		if (!(split == *whole)) {
			err << "split at " << i << ":\n" << Describe(split) << "\n";
			break;
		}
	}
	if (err.tellp() > 0)
		err << "whole:\n" << Describe(*whole);
	return err.str();
}

bool Matches(const std::string &summary, const std::string &expect)
{
	std::set<std::string> have;
	std::string tok;
	std::istringstream s(summary), e(expect);

	while (std::getline(s, tok, '|'))
		have.insert(tok);
	while (std::getline(e, tok, '|'))
		if (!have.count(tok))
			return false;
	return true;
}

}  // namespace khttpd_test
