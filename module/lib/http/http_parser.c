// SPDX-License-Identifier: GPL-2.0
/*
 * Strict, bounded, incremental HTTP/1.1 request parser (RFC 9110/9112).
 *
 * kh_http_parse_head() works in two passes.  The first is a state machine that
 * looks at each byte of the head once, resuming where the previous call
 * stopped: it checks the syntax of every octet (tokens, field characters,
 * CRLF line ends, no obs-fold, the HTTP-version) and the size limits, so
 * garbage and oversized heads are refused as soon as the offending byte is
 * in the buffer.  When the empty line that ends the head arrives, the second
 * pass walks the now well-formed head once to interpret it: request-target,
 * Host, message framing, Connection and the fields the server serves from.
 * The result depends only on the bytes, never on how they were split.
 *
 * Bodies (Content-Length and chunked) are http_body.c.
 *
 * docs/security.md lists every limit and strictness decision with the RFC
 * text behind it; keep the two in step.
 */
#include "http_parser.h"
#include "http_parser_int.h"
#include "http_path.h"

const struct kh_http_limits kh_http_default_limits = {
	.max_request_line = 8 * 1024 + 2,
	.max_header_bytes = 16 * 1024,
	.max_headers = 100,
	.max_body = 1024 * 1024,
};

/* tchar (RFC 9110 §5.6.2) */
const bool kh_http_tchar[256] = {
	['0' ... '9'] = true,
	['A' ... 'Z'] = true,
	['a' ... 'z'] = true,
	['!'] = true, ['#'] = true, ['$'] = true, ['%'] = true, ['&'] = true,
	['\''] = true, ['*'] = true, ['+'] = true, ['-'] = true, ['.'] = true,
	['^'] = true, ['_'] = true, ['`'] = true, ['|'] = true, ['~'] = true,
};

static const char *const method_names[HTTP_M_OTHER] = {
	[HTTP_M_GET] = "GET",
	[HTTP_M_HEAD] = "HEAD",
	[HTTP_M_POST] = "POST",
	[HTTP_M_PUT] = "PUT",
	[HTTP_M_DELETE] = "DELETE",
	[HTTP_M_CONNECT] = "CONNECT",
	[HTTP_M_OPTIONS] = "OPTIONS",
	[HTTP_M_TRACE] = "TRACE",
	[HTTP_M_PATCH] = "PATCH",
};

/**
 * kh_http_parser_init() - reset @p for a new request on a connection.
 * @p: parser state
 * @limits: limits to enforce, must outlive the parser; NULL for defaults
 */
void kh_http_parser_init(struct kh_http_parser *p,
			 const struct kh_http_limits *limits)
{
	memset(p, 0, sizeof(*p));
	p->limits = limits ? limits : &kh_http_default_limits;
	p->state = ST_START;
}

/* HTTP-version (RFC 9112 §2.3): 0 for 1.x, -505 for another major, or -400 */
static int version_check(const char *v, u32 len)
{
	if (len != 8 || memcmp(v, "HTTP/", 5) || v[6] != '.' ||
	    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
		return -400;
	return v[5] == '1' ? 0 : -505;
}

static u32 add_sat(u32 a, u32 b)
{
	return a + b < a ? ~0U : a + b;
}

/*
 * First pass over head bytes [p->scanned, @end).  The hot states (target,
 * field name, field value) run an inner loop over their own characters.
 */
static int scan_head(struct kh_http_parser *p, const char *buf, u32 end)
{
	const struct kh_http_limits *lim = p->limits;
	u32 state = p->state, i, rl_end, stop;
	int ret;

	/* end of the bytes the request-line may use (414 beyond) */
	rl_end = add_sat(p->line_start, lim->max_request_line);
	for (i = p->scanned; i < end; i++) {
		u8 c = buf[i];

		if (state >= ST_METHOD && state <= ST_RL_LF && i >= rl_end)
			return -414;

		switch (state) {
		case ST_START:
			if (c == '\r') {
				state = ST_START_LF;
				break;
			}
			if (!kh_http_tchar[c])
				return -400;
			p->line_start = i;
			rl_end = add_sat(i, lim->max_request_line);
			state = ST_METHOD;
			break;
		case ST_START_LF:
			if (c != '\n')
				return -400;
			state = ST_START;
			break;
		case ST_METHOD:
			if (c == ' ') {
				p->mark = i + 1;
				state = ST_TARGET0;
			} else if (!kh_http_tchar[c]) {
				return -400;
			}
			break;
		case ST_TARGET0:
			if (c <= 0x20 || c >= 0x7f)
				return -400;
			state = ST_TARGET;
			break;
		case ST_TARGET:
			stop = end < rl_end ? end : rl_end;
			while (c > 0x20 && c < 0x7f && i + 1 < stop)
				c = buf[++i];
			if (c > 0x20 && c < 0x7f)
				break;
			/*
			 * "GET /path" CRLF (HTTP/0.9's simple request) is no
			 * HTTP/1.x request-line at all: 400, as for any other
			 * line without a version
			 */
			if (c != ' ')
				return -400;
			p->mark = i + 1;
			state = ST_VERSION;
			break;
		case ST_VERSION:
			if (c == '\r') {
				ret = version_check(buf + p->mark, i - p->mark);
				if (ret)
					return ret;
				state = ST_RL_LF;
			} else if (c <= 0x20 || c >= 0x7f) {
				return -400;
			}
			break;
		case ST_RL_LF:
		case ST_FIELD_LF:
			if (c != '\n')
				return -400;
			state = ST_FIELD0;
			break;
		case ST_FIELD0:
			if (c == '\r') {
				state = ST_END_LF;
				break;
			}
			/* SP or HTAB here is obs-fold, or whitespace before
			 * the first field (RFC 9112 §2.2, §5.2): refused
			 */
			if (!kh_http_tchar[c])
				return -400;
			if (++p->headers > lim->max_headers)
				return -431;
			state = ST_NAME;
			break;
		case ST_NAME:
			while (kh_http_tchar[c] && i + 1 < end)
				c = buf[++i];
			/* whitespace before the colon is a 400 (§5.1) */
			if (c == ':')
				state = ST_VALUE;
			else if (!kh_http_tchar[c])
				return -400;
			break;
		case ST_VALUE:
			while (kh_http_is_field_char(c) && i + 1 < end)
				c = buf[++i];
			if (c == '\r')
				state = ST_FIELD_LF;
			else if (!kh_http_is_field_char(c))
				return -400;
			break;
		case ST_END_LF:
			if (c != '\n')
				return -400;
			p->state = ST_END_LF;
			p->scanned = i + 1;
			return HTTP_PARSE_DONE;
		default:
			return -400;
		}
	}
	p->state = state;
	p->scanned = i;
	return HTTP_PARSE_AGAIN;
}

/**
 * kh_http_ci_equal() - do @len bytes at @s spell @lower, ASCII case aside?
 * @s: bytes from the request
 * @len: their length
 * @lower: a NUL-ended lower-case token
 *
 * Return: true if they are @lower in any ASCII case.
 */
bool kh_http_ci_equal(const char *s, u32 len, const char *lower)
{
	u32 i;

	for (i = 0; i < len; i++) {
		u8 c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!lower[i] || c != (u8)lower[i])
			return false;
	}
	return !lower[len];
}

static bool is_token(const char *s, u32 len)
{
	u32 i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!kh_http_tchar[(u8)s[i]])
			return false;
	return true;
}

static struct kh_http_str trim_ows(const char *s, u32 len)
{
	struct kh_http_str r;

	while (len && kh_http_is_ws(s[0])) {
		s++;
		len--;
	}
	while (len && kh_http_is_ws(s[len - 1]))
		len--;
	r.p = s;
	r.len = len;
	return r;
}

/*
 * The next element of the list @list at *@pos (RFC 9110 §5.6.1), OWS
 * trimmed, possibly empty.  False when the list is exhausted.
 */
static bool list_next(const struct kh_http_str *list, u32 *pos,
		      struct kh_http_str *elem)
{
	const char *comma;
	u32 start = *pos, end;

	if (start > list->len)
		return false;
	comma = memchr(list->p + start, ',', list->len - start);
	end = comma ? comma - list->p : list->len;
	*elem = trim_ows(list->p + start, end - start);
	*pos = end + 1;
	return true;
}

/* What the second pass gathers from the field lines. */
struct head_fields {
	u32 hosts, lengths, codings, inms, imss, ranges, irs, aes;
	bool close, keep_alive, expect_continue;
	struct kh_http_str host, length, coding;
};

/* Connection (RFC 9110 §7.6.1): a list of tokens, case-insensitive. */
static int connection_field(struct head_fields *f, const struct kh_http_str *v)
{
	struct kh_http_str opt;
	u32 pos = 0;

	while (list_next(v, &pos, &opt)) {
		if (!opt.len)
			continue;
		if (!is_token(opt.p, opt.len))
			return -400;
		if (kh_http_ci_equal(opt.p, opt.len, "close"))
			f->close = true;
		else if (kh_http_ci_equal(opt.p, opt.len, "keep-alive"))
			f->keep_alive = true;
	}
	return 0;
}

/* A field that is meaningful once: a second line makes it absent. */
static void capture_once(struct kh_http_str *dst, u32 *count,
			 const struct kh_http_str *v)
{
	if (++*count == 1) {
		*dst = *v;
	} else {
		dst->p = NULL;
		dst->len = 0;
	}
}

static int field_line(struct head_fields *f, struct kh_http_request *req,
		      const char *name, u32 nlen, const struct kh_http_str *v)
{
	if (kh_http_ci_equal(name, nlen, "host")) {
		f->hosts++;
		f->host = *v;
	} else if (kh_http_ci_equal(name, nlen, "content-length")) {
		f->lengths++;
		f->length = *v;
	} else if (kh_http_ci_equal(name, nlen, "transfer-encoding")) {
		f->codings++;
		f->coding = *v;
	} else if (kh_http_ci_equal(name, nlen, "connection")) {
		return connection_field(f, v);
	} else if (kh_http_ci_equal(name, nlen, "if-none-match")) {
		capture_once(&req->if_none_match, &f->inms, v);
	} else if (kh_http_ci_equal(name, nlen, "if-modified-since")) {
		capture_once(&req->if_modified_since, &f->imss, v);
	} else if (kh_http_ci_equal(name, nlen, "range")) {
		capture_once(&req->range, &f->ranges, v);
	} else if (kh_http_ci_equal(name, nlen, "if-range")) {
		capture_once(&req->if_range, &f->irs, v);
	} else if (kh_http_ci_equal(name, nlen, "accept-encoding")) {
		/* split over lines: absent, so the file goes as it is */
		capture_once(&req->accept_encoding, &f->aes, v);
	} else if (kh_http_ci_equal(name, nlen, "user-agent")) {
		if (!req->user_agent.p)
			req->user_agent = *v;
	} else if (kh_http_ci_equal(name, nlen, "referer")) {
		if (!req->referer.p)
			req->referer = *v;
	} else if (kh_http_ci_equal(name, nlen, "expect")) {
		if (kh_http_ci_equal(v->p, v->len, "100-continue"))
			f->expect_continue = true;
	}
	return 0;
}

/*
 * Content-Length = 1*DIGIT (RFC 9110 §8.6).  A value no signed 64-bit
 * length can hold is not a length at all but invalid framing (RFC 9112
 * §6.3 item 5): 400.  A representable one above the body limit is 413.
 */
static int length_value(const struct kh_http_str *v, u64 max, u64 *out)
{
	u64 n = 0;
	u32 i;

	if (!v->len)
		return -400;
	for (i = 0; i < v->len; i++) {
		u8 d = v->p[i] - '0';

		if (d > 9)
			return -400;
		if (n > (KH_HTTP_LENGTH_MAX - d) / 10)
			return -400;
		n = n * 10 + d;
	}
	*out = n;
	return n > max ? -413 : 0;
}

/*
 * Transfer-Encoding of a request (RFC 9112 §6.1, §6.3, §7): chunked must
 * be the final coding (else the length is unknowable: 400), may be applied
 * once, and is the only coding implemented (others: 501).
 */
static int coding_value(const struct kh_http_str *v)
{
	struct kh_http_str c;
	u32 pos = 0, chunked = 0;
	bool last_chunked = false, other = false;

	while (list_next(v, &pos, &c)) {
		if (!c.len)
			continue;
		if (!is_token(c.p, c.len))
			return -400;	/* includes transfer-parameters */
		last_chunked = kh_http_ci_equal(c.p, c.len, "chunked");
		if (last_chunked)
			chunked++;
		else
			other = true;
	}
	if (!last_chunked || chunked > 1)
		return -400;
	return other ? -501 : 0;
}

static int absolute_form(struct kh_http_request *req, const char *t, u32 len,
			 u32 *path_at)
{
	u32 i, start;
	int ret;

	if (len >= 7 && kh_http_ci_equal(t, 7, "http://"))
		start = 7;
	else if (len >= 8 && kh_http_ci_equal(t, 8, "https://"))
		start = 8;
	else
		return -400;
	for (i = start; i < len && t[i] != '/' && t[i] != '?'; i++)
		;
	ret = kh_http_authority_check(t + start, i - start, 0);
	if (ret)
		return ret;
	/* RFC 9112 §3.2.2: the target's authority overrides Host */
	req->host.p = t + start;
	req->host.len = i - start;
	*path_at = i;
	return 0;
}

/* request-target (RFC 9112 §3.2) into target, path, query (and host). */
static int target_value(struct kh_http_request *req, const char *t, u32 len)
{
	const char *q;
	u32 path_at = 0, path_len;
	int ret;

	req->target.p = t;
	req->target.len = len;
	if (req->method == HTTP_M_CONNECT)
		return kh_http_authority_check(t, len, HTTP_AUTH_PORT_REQUIRED);
	if (len == 1 && t[0] == '*')
		return req->method == HTTP_M_OPTIONS ? 0 : -400;
	if (t[0] != '/') {
		ret = absolute_form(req, t, len, &path_at);
		if (ret)
			return ret;
	}
	q = memchr(t + path_at, '?', len - path_at);
	path_len = (q ? (u32)(q - t) : len) - path_at;
	if (q) {
		req->query.p = q + 1;
		req->query.len = len - (q + 1 - t);
		ret = kh_http_query_check(req->query.p, req->query.len);
		if (ret)
			return ret;
	}
	if (!path_len) {	/* "http://host" or "http://host?q" */
		req->path[0] = '/';
		req->path[1] = '\0';
		req->path_len = 1;
	} else {
		ret = kh_http_path_normalize(t + path_at, path_len, req->path,
					     sizeof(req->path), &req->path_len);
		if (ret)
			return ret;
	}
	req->path_has_trailing_slash = req->path[req->path_len - 1] == '/';
	return 0;
}

static enum kh_http_method method_value(const char *m, u32 len)
{
	int i;

	for (i = 0; i < HTTP_M_OTHER; i++)
		if (!strncmp(method_names[i], m, len) && !method_names[i][len])
			return i;
	return HTTP_M_OTHER;
}

static int framing(struct kh_http_parser *p, struct kh_http_request *req,
		   const struct head_fields *f)
{
	int ret;

	p->state = ST_COMPLETE;
	if (f->codings) {
		/* RFC 9112 §6.1: TE with CL, or TE in HTTP/1.0, is faulty
		 * framing; one TE line only, so no list is split across lines
		 */
		if (f->lengths || f->codings > 1 || !req->version_minor)
			return -400;
		ret = coding_value(&f->coding);
		if (ret)
			return ret;
		req->chunked = true;
		req->has_body = true;
		p->state = ST_BODY_CHUNKED;
		p->chunk_state = CH_SIZE0;
		return 0;
	}
	if (!f->lengths)
		return 0;
	/* RFC 9110 §8.6 lets us reject repeats, even identical ones */
	if (f->lengths > 1)
		return -400;
	ret = length_value(&f->length, p->limits->max_body,
			   &req->content_length);
	if (ret)
		return ret;
	if (req->content_length) {
		req->has_body = true;
		p->body_left = req->content_length;
		p->state = ST_BODY_LENGTH;
	}
	return 0;
}

/* Second pass over the complete, syntactically valid head [0, @end). */
static int interpret(struct kh_http_parser *p, const char *buf, u32 end,
		     struct kh_http_request *req)
{
	struct head_fields f = { 0 };
	const char *line = buf + p->line_start;
	const char *stop = buf + end - 2;	/* the final CRLF */
	const char *sp, *colon, *cr;
	struct kh_http_str v;
	int ret;

	/* the path buffer is written, not cleared: it is most of *req */
	memset(req, 0, offsetof(struct kh_http_request, path));
	req->path[0] = '\0';
	sp = memchr(line, ' ', stop - line);
	req->method_name.p = line;
	req->method_name.len = sp - line;
	req->method = method_value(line, sp - line);
	req->version_minor = buf[p->mark + 7] != '0';

	ret = target_value(req, sp + 1, buf + p->mark - 1 - (sp + 1));
	if (ret)
		return ret;

	for (line = buf + p->mark + 10; line < stop; line = cr + 2) {
		colon = memchr(line, ':', stop - line);
		cr = memchr(colon, '\r', stop - colon);
		v = trim_ows(colon + 1, cr - colon - 1);
		ret = field_line(&f, req, line, colon - line, &v);
		if (ret)
			return ret;
	}

	/* RFC 9112 §3.2: exactly one valid Host in HTTP/1.1, at most one */
	if (f.hosts > 1 || (req->version_minor && !f.hosts))
		return -400;
	if (f.hosts) {
		/*
		 * RFC 9110 §4.2.1: an http URI with an empty host is invalid.
		 * The Host field is the target URI's authority unless the
		 * target carries its own (absolute-form, CONNECT's
		 * authority-form), so only then may it be empty.
		 */
		ret = kh_http_authority_check(f.host.p, f.host.len,
					      req->host.p ||
					      req->method == HTTP_M_CONNECT ?
					      HTTP_AUTH_EMPTY_OK : 0);
		if (ret)
			return ret;
		if (!req->host.p)
			req->host = f.host;
	}

	ret = framing(p, req, &f);
	if (ret)
		return ret;

	/* RFC 9112 §9.3 */
	if (req->version_minor)
		req->keep_alive = !f.close;
	else
		req->keep_alive = f.keep_alive && !f.close;
	/* RFC 9110 §10.1.1: ignored in HTTP/1.0 */
	req->expect_continue = req->version_minor && f.expect_continue;
	return 0;
}

/**
 * kh_http_parse_head() - parse a request head at the start of @buf.
 * @p: parser state
 * @buf: bytes received so far for this request (head first)
 * @len: number of bytes in @buf; never less than in the previous call
 * @req: filled in when the head is complete
 * @consumed: on HTTP_PARSE_DONE, the head's length in bytes
 *
 * Only bytes not examined by the previous call are scanned.  A head that
 * is not complete within max_header_bytes is refused once that many bytes
 * are buffered, so a buffer of that size never fills up with AGAIN.
 * Errors are sticky until kh_http_parser_init().
 *
 * Return: HTTP_PARSE_AGAIN, HTTP_PARSE_DONE, or a negative HTTP status.
 */
int kh_http_parse_head(struct kh_http_parser *p, const char *buf, size_t len,
		       struct kh_http_request *req, size_t *consumed)
{
	u32 max = p->limits->max_header_bytes;
	int ret;

	if (p->state == ST_ERROR)
		return p->error;
	if (p->state > ST_END_LF || len < p->scanned)
		return kh_http_fail(p, -400);	/* caller broke the protocol */
	ret = scan_head(p, buf, len < max ? len : max);
	if (ret == HTTP_PARSE_AGAIN)
		return len >= max ? kh_http_fail(p, -431) : HTTP_PARSE_AGAIN;
	if (ret < 0)
		return kh_http_fail(p, ret);
	ret = interpret(p, buf, p->scanned, req);
	if (ret)
		return kh_http_fail(p, ret);
	*consumed = p->scanned;
	return HTTP_PARSE_DONE;
}

static const struct {
	u16 status;
	const char *reason;
} reasons[] = {
	{ 100, "Continue" },
	{ 101, "Switching Protocols" },
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 204, "No Content" },
	{ 206, "Partial Content" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" },
	{ 421, "Misdirected Request" },
	{ 422, "Unprocessable Content" },
	{ 426, "Upgrade Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 505, "HTTP Version Not Supported" },
};

/**
 * kh_http_reason() - the reason phrase for @status ("Not Found"), or "Unknown".
 * @status: HTTP status code; a negative parser result works too
 *
 * Return: a static string (RFC 9110 §15 wording).
 */
const char *kh_http_reason(int status)
{
	u32 i;

	if (status < 0 && status > -1000)
		status = -status;
	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "Unknown";
}
