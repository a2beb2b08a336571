#include "http_response.h"

#include <algorithm>

namespace khttpd::fibcheck {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only, no sign, no overflow.
std::optional<uint64_t> parse_length(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Where the head ends (just past its empty line) in s, searching from
// `from`; npos if not yet. A bare LF is accepted as a line end.
size_t head_end(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); i++) {
    if (s[i] != '\n') continue;
    if (i + 1 < s.size() && s[i + 1] == '\n') return i + 2;
    if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [field, value] : headers)
    if (iequals(field, name)) return value;
  return std::nullopt;
}

ResponseParser::Result ResponseParser::fail(std::string message) {
  state_ = State::kError;
  error_ = std::move(message);
  return Result::kError;
}

ResponseParser::Result ResponseParser::feed(std::string_view data, size_t* used) {
  *used = 0;
  while (!data.empty() || state_ == State::kDone || state_ == State::kError) {
    switch (state_) {
      case State::kHead: {
        size_t old = head_.size();
        head_.append(data.substr(0, kMaxHead + 3 - std::min(old, kMaxHead + 3)));
        size_t end = head_end(head_, old < 2 ? 0 : old - 2);
        if (end == std::string::npos) {
          if (head_.size() > kMaxHead) return fail("response head longer than 64 KiB");
          *used += head_.size() - old;
          return Result::kAgain;
        }
        head_.resize(end);
        *used += end - old;
        data.remove_prefix(end - old);
        if (Result r = parse_head(); r == Result::kError) return r;
        break;
      }
      case State::kBodyLength: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(body_left_, data.size()));
        response_.body.append(data.substr(0, take));
        body_left_ -= take;
        *used += take;
        data.remove_prefix(take);
        if (body_left_ == 0) state_ = State::kDone;
        break;
      }
      case State::kBodyToClose:
        if (response_.body.size() + data.size() > max_body_) return fail("body too large");
        response_.body.append(data);
        *used += data.size();
        return Result::kAgain;
      case State::kDone:
        return Result::kDone;
      case State::kError:
        return Result::kError;
    }
  }
  return Result::kAgain;
}

ResponseParser::Result ResponseParser::eof() {
  switch (state_) {
    case State::kBodyToClose:
      state_ = State::kDone;
      return Result::kDone;
    case State::kDone:
      return Result::kDone;
    case State::kError:
      return Result::kError;
    case State::kHead:
      return fail(head_.empty() ? "connection closed before any response"
                                : "connection closed in the response head");
    case State::kBodyLength:
      return fail("connection closed after " + std::to_string(response_.body.size()) + " of " +
                  std::to_string(response_.body.size() + body_left_) + " body bytes");
  }
  return Result::kError;
}

ResponseParser::Result ResponseParser::parse_head() {
  std::vector<std::string_view> lines;
  std::string_view rest(head_);
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    rest.remove_prefix(nl + 1);
  }
  lines.pop_back();  // the empty line

  // HTTP/1.x SP 3DIGIT [SP reason]
  std::string_view status = lines.empty() ? std::string_view() : lines[0];
  if (status.size() < 12 || status.substr(0, 7) != "HTTP/1." || !is_digit(status[7]) ||
      status[8] != ' ' || !is_digit(status[9]) || !is_digit(status[10]) || !is_digit(status[11]) ||
      (status.size() > 12 && status[12] != ' '))
    return fail("bad status line '" + std::string(status.substr(0, 80)) + "'");
  response_ = Response{};
  response_.version_minor = status[7] - '0';
  response_.status = (status[9] - '0') * 100 + (status[10] - '0') * 10 + (status[11] - '0');
  if (response_.status < 100) return fail("bad status code");
  response_.reason = std::string(status.size() > 12 ? status.substr(13) : std::string_view());

  std::optional<uint64_t> length;
  for (size_t i = 1; i < lines.size(); i++) {
    std::string_view line = lines[i];
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return fail("bad header line '" + std::string(line.substr(0, 80)) + "'");
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar))
      return fail("bad header name '" + std::string(name.substr(0, 80)) + "'");
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Transfer-Encoding"))
      return fail("Transfer-Encoding is not supported (khttpd sends Content-Length)");
    if (iequals(name, "Content-Length")) {
      auto v = parse_length(value);
      if (!v) return fail("bad Content-Length '" + std::string(value.substr(0, 80)) + "'");
      if (length && *length != *v) return fail("conflicting Content-Length fields");
      length = v;
    }
    response_.headers.emplace_back(name, value);
  }

  if (response_.status < 200) {
    // interim (100 Continue, 103 Early Hints): the final response follows
    if (response_.status == 101) return fail("unexpected 101 Switching Protocols");
    head_.clear();
    state_ = State::kHead;
    return Result::kAgain;
  }
  head_.clear();
  if (response_.status == 204 || response_.status == 304) length = 0;
  if (!length) {
    state_ = State::kBodyToClose;
    return Result::kAgain;
  }
  if (*length > max_body_)
    return fail("Content-Length " + std::to_string(*length) + " above the limit " +
                std::to_string(max_body_));
  response_.body.reserve(static_cast<size_t>(*length));
  body_left_ = *length;
  state_ = *length ? State::kBodyLength : State::kDone;
  return Result::kAgain;
}

}  // namespace khttpd::fibcheck
