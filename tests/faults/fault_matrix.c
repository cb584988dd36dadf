/*
 * The fault matrix for the C ABI: every cell of tests/faults/cells.json (one injected fault, one
 * call) is run against the simulator, checking the result code and error kind, the HTTP status,
 * `retryable`, the clock skew where relevant, the number of requests the simulator saw, and (for
 * the hang cells) that the call returned within timeout * 1.1 + 0.25 s.
 *
 * Usage: fault_matrix CELLS_JSON. Environment (set by tests/faults/run.sh): GN_BASE_URL,
 * GN_KEY_TEST, GN_TPL_SMS; FAULTS_RESULTS (optional) = a file to append one JSON line per cell to;
 * FAULTS_WATCHDOG_S (default 300) = the whole program is killed by SIGALRM after this many seconds.
 * tests/faults/run.sh runs it natively and under valgrind (definite/indirect leaks are errors).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <time.h>

#include "test_util.h"

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, used = 0;
  char *buf = malloc(cap);
  size_t n;
  while ((n = fread(buf + used, 1, cap - used - 1, f)) > 0) {
    used += n;
    if (used + 1 >= cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  buf[used] = '\0';
  return buf;
}

/* A malloc'd copy of the raw JSON value at `path` (object, string, number...), or NULL. */
static char *json_raw(const char *json, const char *path) {
  size_t len;
  const char *v = json_at(json, path, &len);
  if (!v) return NULL;
  char *out = malloc(len + 1);
  memcpy(out, v, len);
  out[len] = '\0';
  return out;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A 127.0.0.1 port nothing listens on (bound, read, closed). */
static int closed_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    fprintf(stderr, "could not find a free port\n");
    exit(2);
  }
  close(fd);
  return ntohs(addr.sin_port);
}

/* A 127.0.0.1 listening socket that is never accepted from: the kernel completes TCP connections
 * from the backlog and nothing ever answers, so a TLS handshake to it never completes. Returns the
 * socket (close it after the call) and writes its port to *port. */
static int silent_tls_listener(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    fprintf(stderr, "could not listen on a free port\n");
    exit(2);
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

/* Appends `s` to `out` as a JSON string literal (enough escaping for our names and messages). */
static void put_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fputc('\\', out);
      fputc(c, out);
    } else if (c < 0x20) {
      fprintf(out, "\\u%04x", c);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}

static void run_cell(const char *cells, int i, double default_timeout, const char *phone,
                     FILE *results) {
  char path[64];
#define CELL(field) (snprintf(path, sizeof path, "cells.%d." field, i), path)
  char *only = json_raw(cells, CELL("only"));
  if (only && !strstr(only, "\"c\"")) {
    free(only);
    return;
  }
  free(only);
  char *fault = json_str(cells, CELL("fault"));
  char *op = json_str(cells, CELL("op"));
  char *want_kind = json_str(cells, CELL("kind"));
  char *inject = json_raw(cells, CELL("inject"));
  long want_status = json_int(cells, CELL("status"), -1);
  int want_retryable = json_is(cells, CELL("retryable"), "true");
  long want_requests = json_int(cells, CELL("requests"), -1);
  long clock_offset = json_int(cells, CELL("clock_offset_s"), 0);
  long want_skew = json_int(cells, CELL("clock_skew_s"), 0);
  int has_skew = json_at(cells, CELL("clock_skew_s"), NULL) != NULL;
  int timed = json_is(cells, CELL("timed"), "true");
  int closed = json_is(cells, CELL("closed_port"), "true");
  int silent_tls = json_is(cells, CELL("silent_tls_port"), "true");
  int has_reached = json_at(cells, CELL("reached"), NULL) != NULL;
  int want_reached = json_is(cells, CELL("reached"), "true");
  long reference_chars = json_int(cells, CELL("reference_chars"), 0);
  int retry_sends = json_is(cells, CELL("retry_sends"), "true");
  long max_response_bytes = json_int(cells, CELL("max_response_bytes"), 0);
  double timeout = default_timeout;
  {
    size_t len;
    const char *t = json_at(cells, CELL("timeout_s"), &len);
    if (t) timeout = strtod(t, NULL);
  }
#undef CELL

  current_failures = 0;
  sim_reset();
  if (inject) {
    /* Until cleared, so that every retry meets the fault too. */
    char fault_json[8192];
    size_t n = strlen(inject);
    snprintf(fault_json, sizeof fault_json, "%.*s, \"times\": null}", (int)(n - 1), inject);
    sim_fault(fault_json);
  }
  if (clock_offset) {
    char body[64];
    snprintf(body, sizeof body, "{\"offset_secs\": %ld}", clock_offset);
    if (sim_request("POST", "/_simulator/clock", body, NULL) != 200) {
      fprintf(stderr, "    setting the simulator clock failed\n");
      current_failures++;
    }
  }

  char base[128];
  int silent_fd = -1;
  if (closed) {
    snprintf(base, sizeof base, "http://127.0.0.1:%d", closed_port());
  } else if (silent_tls) {
    int port = 0;
    silent_fd = silent_tls_listener(&port);
    snprintf(base, sizeof base, "https://127.0.0.1:%d", port);
  } else {
    snprintf(base, sizeof base, "%s", env("GN_BASE_URL"));
  }
  char options[512], cap[64] = "";
  if (max_response_bytes > 0) snprintf(cap, sizeof cap, ",\"max_response_bytes\":%ld", max_response_bytes);
  snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"timeout_ms\":%ld%s%s}", base,
           (long)(timeout * 1000.0), retry_sends ? ",\"retry\":{\"retry_sends\":true}" : "", cap);
  govuk_notify_client *client = NULL;
  char *err = NULL;
  govuk_notify_result r = govuk_notify_client_new(env("GN_KEY_TEST"), options, &client, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(err);
  err = NULL;

  char request[256];
  char *out = NULL;
  double started = now_s();
  if (strcmp(op, "send") == 0) {
    snprintf(request, sizeof request, "{\"phone_number\":\"%s\",\"template_id\":\"%s\"}", phone,
             env("GN_TPL_SMS"));
    r = govuk_notify_send_sms(client, request, &out, &err);
  } else if (strcmp(op, "list") == 0) {
    /* {"reference": "rrr...r"} with reference_chars r's. */
    size_t n = (size_t)reference_chars;
    char *filter = malloc(n + 32);
    int at = snprintf(filter, n + 32, "{\"reference\":\"");
    memset(filter + at, 'r', n);
    snprintf(filter + at + n, 32, "\"}");
    r = govuk_notify_list_notifications(client, filter, &out, &err);
    free(filter);
  } else {
    snprintf(request, sizeof request, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
    r = govuk_notify_get_template(client, request, &out, &err);
  }
  double elapsed = now_s() - started;
  if (silent_fd >= 0) close(silent_fd);
  int requests = sim_request_count();

  const char *kind = govuk_notify_result_kind(r);
  long status = -1;
  int retryable = 0;
  long skew = 0;
  int got_skew = 0;
  CHECK(out == NULL);
  CHECK(err != NULL);
  if (strcmp(kind, want_kind) != 0) {
    fprintf(stderr, "    expected kind %s, got %s (%s): %s\n", want_kind, kind,
            govuk_notify_result_name(r), err ? err : "(no error json)");
    current_failures++;
  }
  if (err) {
    CHECK(json_str_eq(err, "kind", want_kind));
    status = json_int(err, "status_code", -1);
    retryable = json_is(err, "retryable", "true");
    got_skew = json_at(err, "clock_skew_seconds", NULL) != NULL;
    skew = json_int(err, "clock_skew_seconds", 0);
    CHECK(json_int(err, "code", -1) == (long)r);
    CHECK(json_at(err, "message", NULL) != NULL); /* every error says what happened */
    if (has_reached && json_is(err, "may_have_reached_server", "true") != want_reached) {
      fprintf(stderr, "    expected may_have_reached_server %d: %s\n", want_reached, err);
      current_failures++;
    }
    if (strcmp(want_kind, "argument") == 0) CHECK(json_at(err, "field", NULL) != NULL);
  }
  if (status != want_status) {
    fprintf(stderr, "    expected status %ld, got %ld\n", want_status, status);
    current_failures++;
  }
  if (retryable != want_retryable) {
    fprintf(stderr, "    expected retryable %d, got %d\n", want_retryable, retryable);
    current_failures++;
  }
  if (requests != want_requests) {
    fprintf(stderr, "    expected %ld requests seen, got %d\n", want_requests, requests);
    current_failures++;
  }
  if (has_skew && (!got_skew || labs(skew - want_skew) > 3)) {
    fprintf(stderr, "    expected clock_skew_seconds %ld, got %s%ld\n", want_skew,
            got_skew ? "" : "(absent) ", skew);
    current_failures++;
  }
  double bound = timeout * 1.1 + 0.25;
  if (timed && elapsed > bound) {
    fprintf(stderr, "    took %.3f s, more than the bound %.3f s\n", elapsed, bound);
    current_failures++;
  }

  if (current_failures) {
    tests_failed++;
    printf("not ok - c: %s / %s\n", fault, op);
  } else {
    tests_passed++;
    printf("ok - c: %s / %s (%s, %d requests, %.0f ms)\n", fault, op, kind, requests,
           elapsed * 1000.0);
  }
  fflush(stdout);
  if (results) {
    fprintf(results, "{\"lang\":\"c\",\"fault\":");
    put_json_string(results, fault);
    fprintf(results, ",\"op\":\"%s\",\"kind\":\"%s\",\"class\":\"%s\",\"status\":", op, kind,
            govuk_notify_result_name(r));
    if (status >= 0) {
      fprintf(results, "%ld", status);
    } else {
      fprintf(results, "null");
    }
    fprintf(results, ",\"elapsed_ms\":%.1f,\"requests\":%d,\"timeout_s\":%g,\"pass\":%s}\n",
            elapsed * 1000.0, requests, timeout, current_failures ? "false" : "true");
    fflush(results);
  }

  govuk_notify_string_free(out);
  govuk_notify_string_free(err);
  govuk_notify_client_free(client);
  free(fault);
  free(op);
  free(want_kind);
  free(inject);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s tests/faults/cells.json\n", argv[0]);
    return 2;
  }
  alarm((unsigned)env_int("FAULTS_WATCHDOG_S", 300)); /* SIGALRM kills a hung run */
  char *cells = read_file(argv[1]);
  if (!cells) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  FILE *results = NULL;
  const char *results_path = getenv("FAULTS_RESULTS");
  if (results_path && *results_path) {
    results = fopen(results_path, "a");
    if (!results) {
      fprintf(stderr, "cannot open %s\n", results_path);
      return 2;
    }
  }
  size_t len;
  const char *t = json_at(cells, "timeout_s", &len);
  double default_timeout = t ? strtod(t, NULL) : 10.0;
  char *phone = json_str(cells, "phone_number");
  int n = json_len(cells, "cells");
  if (n <= 0 || !phone) {
    fprintf(stderr, "no cells in %s\n", argv[1]);
    return 2;
  }
  for (int i = 0; i < n; i++) run_cell(cells, i, default_timeout, phone, results);
  sim_reset();
  if (results) fclose(results);
  free(phone);
  free(cells);
  return finish("fault_matrix");
}
