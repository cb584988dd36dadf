/*
 * Shared helpers for the C tests of libgovuk_notify: a tiny test runner, a minimal JSON reader (to
 * check response and error fields without a JSON library), a minimal HTTP/1.0 client for the
 * simulator's control API, and access to the simulator settings that run.sh exports.
 *
 * Header-only on purpose: each test program is one translation unit. Functions are `static inline`
 * so a program that does not use one gets no unused-function warning.
 */
#ifndef GOVUK_NOTIFY_TEST_UTIL_H
#define GOVUK_NOTIFY_TEST_UTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strdup, getaddrinfo-era sockets */
#endif

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "govuk_notify.h"

/* ---- test runner ------------------------------------------------------------------------------ */

static int tests_passed;
static int tests_failed;
static int current_failures;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "    %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                 \
      current_failures++;                                                                          \
    }                                                                                              \
  } while (0)

/* Checks a result code, printing both names and the error report when they differ. */
#define CHECK_RESULT(got, want, err_json)                                                          \
  do {                                                                                             \
    govuk_notify_result got_ = (got);                                                              \
    if (got_ != (want)) {                                                                          \
      fprintf(stderr, "    %s:%d: expected %s, got %s (%u): %s\n", __FILE__, __LINE__,             \
              govuk_notify_result_name(want), govuk_notify_result_name(got_), (unsigned)got_,      \
              (err_json) ? (err_json) : "(no error json)");                                        \
      current_failures++;                                                                          \
    }                                                                                              \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got);                                                                        \
    const char *w_ = (want);                                                                       \
    if (g_ == NULL || strcmp(g_, w_) != 0) {                                                       \
      fprintf(stderr, "    %s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, w_,          \
              g_ ? g_ : "(null)");                                                                 \
      current_failures++;                                                                          \
    }                                                                                              \
  } while (0)

#define RUN(test)                                                                                  \
  do {                                                                                             \
    current_failures = 0;                                                                          \
    test();                                                                                        \
    if (current_failures) {                                                                        \
      tests_failed++;                                                                              \
      printf("not ok - %s\n", #test);                                                              \
    } else {                                                                                       \
      tests_passed++;                                                                              \
      printf("ok - %s\n", #test);                                                                  \
    }                                                                                              \
    fflush(stdout);                                                                                \
  } while (0)

/* Prints the machine-readable tally run.sh adds up, and gives the exit status. */
static inline int finish(const char *program) {
  printf("tally %s: passed=%d failed=%d\n", program, tests_passed, tests_failed);
  return tests_failed ? 1 : 0;
}

/* ---- environment ------------------------------------------------------------------------------ */

static inline const char *env(const char *name) {
  const char *v = getenv(name);
  if (v == NULL || *v == '\0') {
    fprintf(stderr, "missing environment variable %s (run the tests through tests/c/run.sh)\n",
            name);
    exit(2);
  }
  return v;
}

static inline int env_int(const char *name, int dflt) {
  const char *v = getenv(name);
  return (v && *v) ? atoi(v) : dflt;
}

/* ---- minimal JSON reader ---------------------------------------------------------------------- */
/* Enough JSON to read fields of well-formed documents by a dotted path ("errors.0.error"). */

static inline const char *json_ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  return p;
}

/* Returns the end of the value starting at p (after whitespace), or NULL if malformed. */
static inline const char *json_skip(const char *p) {
  p = json_ws(p);
  if (*p == '"') {
    for (p++; *p && *p != '"'; p++)
      if (*p == '\\' && p[1]) p++;
    return *p == '"' ? p + 1 : NULL;
  }
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    p = json_ws(p + 1);
    if (*p == close) return p + 1;
    for (;;) {
      if (close == '}') {
        p = json_skip(p); /* key */
        if (!p) return NULL;
        p = json_ws(p);
        if (*p != ':') return NULL;
        p++;
      }
      p = json_skip(p);
      if (!p) return NULL;
      p = json_ws(p);
      if (*p == ',') {
        p++;
        continue;
      }
      return *p == close ? p + 1 : NULL;
    }
  }
  if (!*p) return NULL;
  while (*p && !strchr(",}] \t\r\n", *p)) p++;
  return p;
}

/* Finds the value at `path` and returns its start (NULL if absent); *len gets its length. */
static inline const char *json_at(const char *json, const char *path, size_t *len) {
  const char *p = json_ws(json);
  char seg[128];
  while (*path) {
    size_t n = strcspn(path, ".");
    if (n >= sizeof seg) return NULL;
    memcpy(seg, path, n);
    seg[n] = '\0';
    path += n;
    if (*path == '.') path++;
    if (*p == '{') {
      const char *found = NULL;
      p = json_ws(p + 1);
      while (*p == '"') {
        const char *key = p + 1;
        const char *key_end = json_skip(p);
        if (!key_end) return NULL;
        p = json_ws(key_end);
        if (*p != ':') return NULL;
        p = json_ws(p + 1);
        if ((size_t)(key_end - 1 - key) == strlen(seg) && strncmp(key, seg, strlen(seg)) == 0) {
          found = p;
          break;
        }
        p = json_skip(p);
        if (!p) return NULL;
        p = json_ws(p);
        if (*p == ',') p = json_ws(p + 1);
      }
      if (!found) return NULL;
      p = found;
    } else if (*p == '[') {
      char *end;
      long index = strtol(seg, &end, 10);
      if (*end || index < 0) return NULL;
      p = json_ws(p + 1);
      if (*p == ']') return NULL;
      for (long i = 0; i < index; i++) {
        p = json_skip(p);
        if (!p) return NULL;
        p = json_ws(p);
        if (*p != ',') return NULL;
        p = json_ws(p + 1);
      }
    } else {
      return NULL;
    }
  }
  const char *end = json_skip(p);
  if (!end) return NULL;
  if (len) *len = (size_t)(end - p);
  return p;
}

/* The string at `path`, unescaped, in a malloc'd buffer (free() it); NULL if absent/not a string. */
static inline char *json_str(const char *json, const char *path) {
  size_t len;
  const char *v = json_at(json, path, &len);
  if (!v || *v != '"') return NULL;
  char *out = malloc(len + 1);
  size_t o = 0;
  for (const char *p = v + 1; p < v + len - 1; p++) {
    if (*p != '\\') {
      out[o++] = *p;
      continue;
    }
    p++;
    switch (*p) {
      case 'n': out[o++] = '\n'; break;
      case 't': out[o++] = '\t'; break;
      case 'r': out[o++] = '\r'; break;
      case 'b': out[o++] = '\b'; break;
      case 'f': out[o++] = '\f'; break;
      case 'u': {
        unsigned cp = (unsigned)strtoul((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
        p += 4;
        if (cp < 0x80) {
          out[o++] = (char)cp;
        } else if (cp < 0x800) {
          out[o++] = (char)(0xC0 | (cp >> 6));
          out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
          out[o++] = (char)(0xE0 | (cp >> 12));
          out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
          out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        break;
      }
      default: out[o++] = *p; break;
    }
  }
  out[o] = '\0';
  return out;
}

/* Whether the string at `path` equals `want`. */
static inline int json_str_eq(const char *json, const char *path, const char *want) {
  char *s = json_str(json, path);
  int eq = s && strcmp(s, want) == 0;
  if (!eq)
    fprintf(stderr, "    json %s: expected \"%s\", got %s%s%s\n", path, want, s ? "\"" : "",
            s ? s : "(absent)", s ? "\"" : "");
  free(s);
  return eq;
}

/* Whether the string at `path` contains `needle`. */
static inline int json_str_contains(const char *json, const char *path, const char *needle) {
  char *s = json_str(json, path);
  int ok = s && strstr(s, needle) != NULL;
  if (!ok) fprintf(stderr, "    json %s: \"%s\" not found in %s\n", path, needle, s ? s : "(absent)");
  free(s);
  return ok;
}

/* The number at `path`, or `dflt` when absent or not a number. */
static inline long json_int(const char *json, const char *path, long dflt) {
  size_t len;
  const char *v = json_at(json, path, &len);
  if (!v || !(*v == '-' || isdigit((unsigned char)*v))) return dflt;
  return strtol(v, NULL, 10);
}

/* Whether the value at `path` is exactly the literal `lit` (true, false, null). */
static inline int json_is(const char *json, const char *path, const char *lit) {
  size_t len;
  const char *v = json_at(json, path, &len);
  return v && len == strlen(lit) && strncmp(v, lit, len) == 0;
}

/* The number of elements of the array at `path` (path "" = the document), or -1. */
static inline int json_len(const char *json, const char *path) {
  size_t len;
  const char *p = json_at(json, path, &len);
  if (!p || *p != '[') return -1;
  p = json_ws(p + 1);
  if (*p == ']') return 0;
  int n = 0;
  for (;;) {
    p = json_skip(p);
    if (!p) return -1;
    n++;
    p = json_ws(p);
    if (*p != ',') return n;
    p++;
  }
}

/* ---- the simulator's control API (HTTP/1.0, so no chunked bodies) ---------------------------- */

static inline int sim_port(void) {
  const char *base = env("GN_BASE_URL"); /* http://127.0.0.1:PORT */
  const char *colon = strrchr(base, ':');
  return colon ? atoi(colon + 1) : 0;
}

/* Sends a control request; returns the HTTP status (or -1) and, if out_body is not NULL, a
 * malloc'd copy of the response body. */
static inline int sim_request(const char *method, const char *path, const char *body, char **out_body) {
  if (out_body) *out_body = NULL;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)sim_port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  size_t body_len = body ? strlen(body) : 0;
  char head[512];
  int n = snprintf(head, sizeof head,
                   "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Content-Length: %zu\r\n\r\n",
                   method, path, body_len);
  if (write(fd, head, (size_t)n) != n || (body_len && write(fd, body, body_len) != (ssize_t)body_len)) {
    close(fd);
    return -1;
  }
  size_t cap = 4096, used = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (used + 1024 > cap) buf = realloc(buf, cap *= 2);
    ssize_t r = read(fd, buf + used, cap - used - 1);
    if (r <= 0) break;
    used += (size_t)r;
  }
  close(fd);
  buf[used] = '\0';
  int status = -1;
  if (sscanf(buf, "HTTP/%*s %d", &status) != 1) status = -1;
  if (out_body) {
    const char *sep = strstr(buf, "\r\n\r\n");
    *out_body = strdup(sep ? sep + 4 : "");
  }
  free(buf);
  return status;
}

/* Resets the simulator (notifications, faults, clock, recorded requests). */
static inline void sim_reset(void) {
  int status = sim_request("POST", "/_simulator/reset", "{}", NULL);
  if (status < 200 || status >= 300) {
    fprintf(stderr, "simulator reset failed (HTTP %d)\n", status);
    exit(2);
  }
}

/* Adds a fault (a JSON object as in POST /_simulator/faults). */
static inline void sim_fault(const char *fault_json) {
  int status = sim_request("POST", "/_simulator/faults", fault_json, NULL);
  if (status < 200 || status >= 300) {
    fprintf(stderr, "adding fault failed (HTTP %d): %s\n", status, fault_json);
    current_failures++;
  }
}

static inline void sim_clear_faults(void) { sim_request("DELETE", "/_simulator/faults", NULL, NULL); }

/* The number of /v2 requests the simulator has recorded since the last reset or clear. */
static inline int sim_request_count(void) {
  char *body = NULL;
  int status = sim_request("GET", "/_simulator/requests", NULL, &body);
  int n = -1;
  if (status == 200 && body) {
    n = json_len(body, "");
    if (n < 0) n = json_len(body, "requests");
  }
  free(body);
  return n;
}

/* ---- library helpers -------------------------------------------------------------------------- */

/* A client for the simulator with the test key (or `key`) and extra options (a JSON fragment
 * without braces, or NULL). Exits on failure. */
static inline govuk_notify_client *new_client(const char *key, const char *extra_options) {
  char options[1024];
  snprintf(options, sizeof options, "{\"base_url\":\"%s\"%s%s}", env("GN_BASE_URL"),
           extra_options ? "," : "", extra_options ? extra_options : "");
  govuk_notify_client *client = NULL;
  char *err = NULL;
  govuk_notify_result r =
      govuk_notify_client_new(key ? key : env("GN_KEY_TEST"), options, &client, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) {
    fprintf(stderr, "govuk_notify_client_new failed: %s %s\n", govuk_notify_result_name(r),
            err ? err : "");
    exit(2);
  }
  return client;
}

#endif /* GOVUK_NOTIFY_TEST_UTIL_H */
