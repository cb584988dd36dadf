/*
 * Every error kind through the C API, checking the result code AND the error JSON fields:
 * argument (bad key), validation (400), auth (403: clock skew, wrong secret, team key letter),
 * not_found (404), rate_limited and daily_limit (429), server (500), http (405), an HTML body,
 * invalid_response (200 with HTML, and a body over the client's max_response_bytes option, with
 * and without Content-Length), timeout (hang) and transport (connection refused).
 */
#include "test_util.h"

static govuk_notify_client *client; /* no retries, 5 s timeout */

static char *sms_request(const char *phone, const char *personalisation) {
  static char req[512];
  snprintf(req, sizeof req, "{\"phone_number\":\"%s\",\"template_id\":\"%s\"%s%s}", phone,
           env("GN_TPL_SMS"), personalisation ? ",\"personalisation\":" : "",
           personalisation ? personalisation : "");
  return req;
}

/* Sends a text message expecting `want`; returns the error JSON (free it) and checks the common
 * fields: code, result, kind, retryable, and that out_json was cleared. */
static char *expect_sms_error(govuk_notify_client *c, const char *request, govuk_notify_result want,
                              const char *kind, int retryable) {
  char *out = (char *)0x1, *err = NULL;
  govuk_notify_result r = govuk_notify_send_sms(c, request, &out, &err);
  CHECK_RESULT(r, want, err);
  CHECK(out == NULL);
  CHECK(err != NULL);
  if (!err) return NULL;
  CHECK(json_str_eq(err, "kind", kind));
  CHECK(json_int(err, "code", -1) == (long)want);
  CHECK(json_str_eq(err, "result", govuk_notify_result_name(want)));
  CHECK(json_is(err, "retryable", retryable ? "true" : "false"));
  /* The code-level predicate is per kind; the JSON's `retryable` also knows this was a send. */
  if (retryable) CHECK(govuk_notify_result_is_retryable(r));
  CHECK(json_at(err, "message", NULL) != NULL);
  return err;
}

static void test_bad_key_is_an_argument_error(void) {
  govuk_notify_client *c = (govuk_notify_client *)0x1;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_client_new("too-short", NULL, &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(c == NULL);
  CHECK(json_str_eq(err, "kind", "argument"));
  CHECK(json_str_eq(err, "field", "api_key"));
  CHECK(json_is(err, "status_code", "null"));
  CHECK(json_is(err, "retryable", "false"));
  govuk_notify_string_free(err);
}

static void test_validation_400(void) {
  sim_reset();
  char *err = expect_sms_error(client, sms_request("123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_VALIDATION, "validation", 0);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 400);
    CHECK(json_str_eq(err, "errors.0.error", "ValidationError"));
    CHECK(json_at(err, "errors.0.message", NULL) != NULL);
    CHECK(json_at(err, "body", NULL) != NULL);
  }
  govuk_notify_string_free(err);

  /* Missing personalisation. */
  err = expect_sms_error(client, sms_request("07700900123", NULL), GOVUK_NOTIFY_RESULT_VALIDATION, "validation", 0);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 400);
    CHECK(json_str_contains(err, "errors.0.message", "name"));
    CHECK(json_str_contains(err, "message", "HTTP 400"));
  }
  govuk_notify_string_free(err);
}

static void test_auth_403_clock_skew(void) {
  sim_reset();
  CHECK(sim_request("POST", "/_simulator/clock", "{\"offset_secs\":45}", NULL) / 100 == 2);
  char *err = expect_sms_error(client, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_AUTH, "auth", 0);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 403);
    CHECK(json_str_eq(err, "errors.0.error", "AuthError"));
    CHECK(json_str_contains(err, "errors.0.message", "clock"));
    /* The server is 45 s ahead, so this machine is reported 45 s behind. The Date header has
     * whole seconds and a slow run (valgrind) can cross a second boundary, so allow 3 s either
     * way, as the fault matrix does. */
    long skew = json_int(err, "clock_skew_seconds", 0);
    CHECK(skew <= -42 && skew >= -48);
  }
  govuk_notify_string_free(err);
  sim_reset();
}

static void test_auth_403_wrong_secret(void) {
  /* The test key with another secret: the token's signature is refused. */
  char key[256];
  snprintf(key, sizeof key, "wrong_secret-%s-00000000-0000-4000-8000-000000000000", env("GN_SERVICE_ID"));
  govuk_notify_client *c = new_client(key, "\"retry\":{\"max_retries\":0}");
  char *err = expect_sms_error(c, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_AUTH, "auth", 0);
  if (err) {
    long status = json_int(err, "status_code", 0);
    CHECK(status == 403 || status == 401);
    CHECK(json_str_eq(err, "errors.0.error", "AuthError"));
    CHECK(strstr(err, "00000000-0000-4000-8000-000000000000") == NULL); /* the secret never leaks */
  }
  govuk_notify_string_free(err);
  govuk_notify_client_free(c);
}

static void test_auth_403_team_key_letter(void) {
  govuk_notify_client *c = new_client(env("GN_KEY_TEAM"), "\"retry\":{\"max_retries\":0}");
  char req[512], *out = (char *)0x1, *err = NULL;
  snprintf(req, sizeof req,
           "{\"template_id\":\"%s\",\"personalisation\":{\"name\":\"A\",\"address_line_1\":\"A\","
           "\"address_line_2\":\"1 High St\",\"address_line_3\":\"SW1A 1AA\"}}",
           env("GN_TPL_LETTER"));
  CHECK_RESULT(govuk_notify_send_letter(c, req, &out, &err), GOVUK_NOTIFY_RESULT_AUTH, err);
  CHECK(out == NULL);
  CHECK(json_int(err, "status_code", 0) == 403);
  govuk_notify_string_free(err);
  govuk_notify_client_free(c);
}

static void test_not_found_404(void) {
  char *out = (char *)0x1, *err = NULL;
  CHECK_RESULT(govuk_notify_get_notification(client, "{\"notification_id\":\"8fef167e-9229-481d-97bb-59e41a2dbc60\"}", &out, &err),
               GOVUK_NOTIFY_RESULT_NOT_FOUND, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "kind", "not_found"));
  CHECK(json_int(err, "status_code", 0) == 404);
  CHECK(json_str_eq(err, "errors.0.error", "NoResultFound"));
  CHECK(json_is(err, "retryable", "false"));
  govuk_notify_string_free(err);

  CHECK_RESULT(govuk_notify_get_template(client, "{\"template_id\":\"00000000-0000-4000-8000-000000000001\"}", &out, &err),
               GOVUK_NOTIFY_RESULT_NOT_FOUND, err);
  govuk_notify_string_free(err);
}

static void test_rate_limited_429(void) {
  sim_fault("{\"method\":\"POST\",\"path_prefix\":\"/v2/notifications/sms\",\"status\":429,"
            "\"body\":\"{\\\"status_code\\\":429,\\\"errors\\\":[{\\\"error\\\":\\\"RateLimitError\\\","
            "\\\"message\\\":\\\"Exceeded rate limit for key type TEST of 3000 requests per 60 seconds\\\"}]}\","
            "\"times\":1}");
  char *err = expect_sms_error(client, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_RATE_LIMITED, "rate_limited", 1);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 429);
    CHECK(json_str_eq(err, "errors.0.error", "RateLimitError"));
  }
  govuk_notify_string_free(err);
  sim_clear_faults();
}

static void test_daily_limit_429(void) {
  sim_fault("{\"method\":\"POST\",\"path_prefix\":\"/v2/notifications/sms\",\"status\":429,"
            "\"body\":\"{\\\"status_code\\\":429,\\\"errors\\\":[{\\\"error\\\":\\\"TooManyRequestsError\\\","
            "\\\"message\\\":\\\"Exceeded send limits (1000) for today\\\"}]}\",\"times\":1}");
  char *err = expect_sms_error(client, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_DAILY_LIMIT, "daily_limit", 0);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 429);
    CHECK(json_str_eq(err, "errors.0.error", "TooManyRequestsError"));
  }
  govuk_notify_string_free(err);
  sim_clear_faults();
}

static void test_server_500(void) {
  sim_fault("{\"method\":\"POST\",\"path_prefix\":\"/v2/notifications/sms\",\"status\":500,\"times\":1}");
  /* A send that got a 500 may have been delivered: the kind is transient, but repeating this
     request could send the message twice, so the error reports retryable = false. */
  char *err = expect_sms_error(client, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_SERVER, "server", 0);
  if (err) {
    CHECK(json_int(err, "status_code", 0) == 500);
    CHECK(json_is(err, "may_have_reached_server", "true"));
  }
  govuk_notify_string_free(err);
  CHECK(govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_SERVER));

  /* The same status on a read is safe to repeat. */
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"status\":500,\"times\":3}");
  char req[256], *out = NULL;
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  CHECK_RESULT(govuk_notify_get_template(client, req, &out, &err), GOVUK_NOTIFY_RESULT_SERVER, err);
  CHECK(json_is(err, "retryable", "true"));
  govuk_notify_string_free(err);
  sim_clear_faults();
}

static void test_other_http_status(void) {
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"status\":405,"
            "\"body\":\"{\\\"status_code\\\":405,\\\"errors\\\":[{\\\"error\\\":\\\"MethodNotAllowed\\\",\\\"message\\\":\\\"no\\\"}]}\",\"times\":1}");
  char req[256], *out = NULL, *err = NULL;
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  CHECK_RESULT(govuk_notify_get_template(client, req, &out, &err), GOVUK_NOTIFY_RESULT_HTTP, err);
  CHECK(json_str_eq(err, "kind", "http"));
  CHECK(json_int(err, "status_code", 0) == 405);
  govuk_notify_string_free(err);
  sim_clear_faults();
}

static void test_html_bodies(void) {
  /* A proxy's HTML error page: a server error whose body is kept verbatim. */
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"status\":502,\"content_type\":\"text/html\","
            "\"body\":\"<html><body><h1>502 Bad Gateway</h1></body></html>\",\"times\":1}");
  char req[256], *out = (char *)0x1, *err = NULL;
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  CHECK_RESULT(govuk_notify_get_template(client, req, &out, &err), GOVUK_NOTIFY_RESULT_SERVER, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "kind", "server"));
  CHECK(json_int(err, "status_code", 0) == 502);
  CHECK(json_str_eq(err, "body", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
  CHECK(json_len(err, "errors") == 0);
  CHECK(json_str_contains(err, "message", "non-JSON"));
  govuk_notify_string_free(err);

  /* A 200 whose body is HTML: not what the endpoint returns. */
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"status\":200,\"content_type\":\"text/html\","
            "\"body\":\"<html>captive portal</html>\",\"times\":1}");
  CHECK_RESULT(govuk_notify_get_template(client, req, &out, &err), GOVUK_NOTIFY_RESULT_INVALID_RESPONSE, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "kind", "invalid_response"));
  CHECK(json_int(err, "status_code", 0) == 200);
  CHECK(json_str_eq(err, "body", "<html>captive portal</html>"));
  govuk_notify_string_free(err);
  sim_clear_faults();
}

static void test_response_size_cap(void) {
  /* The client option max_response_bytes: a 64 KiB body against a 4 KiB cap is refused, whether
   * the server announces its length (Content-Length) or streams it (chunked); a small response
   * under the cap is fine. Not retried: the simulator sees one request per call. */
  govuk_notify_client *c = new_client(NULL, "\"max_response_bytes\":4096,\"retry\":{\"max_retries\":2}");
  char req[256], *out = NULL, *err = NULL;
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  CHECK_RESULT(govuk_notify_get_template(c, req, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  const char *faults[] = {
      "{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"action\":\"huge_body\",\"body_bytes\":65536,\"times\":1}",
      "{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"action\":\"huge_body\",\"body_bytes\":65536,"
      "\"chunked\":true,\"times\":1}",
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    sim_fault(faults[i]);
    int before = sim_request_count();
    out = (char *)0x1;
    err = NULL;
    CHECK_RESULT(govuk_notify_get_template(c, req, &out, &err), GOVUK_NOTIFY_RESULT_INVALID_RESPONSE, err);
    CHECK(out == NULL);
    CHECK(err != NULL && json_str_eq(err, "kind", "invalid_response"));
    CHECK(err != NULL && json_int(err, "status_code", 0) == 200);
    CHECK(err != NULL && json_str_contains(err, "message", "4096-byte limit"));
    CHECK(sim_request_count() == before + 1);
    govuk_notify_string_free(err);
    sim_clear_faults();
  }
  govuk_notify_client_free(c);
}

static void test_timeout(void) {
  govuk_notify_client *c = new_client(NULL, "\"timeout_ms\":500,\"retry\":{\"max_retries\":0}");
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/template/\",\"action\":\"hang\",\"delay_ms\":5000,\"times\":1}");
  char req[256], *out = (char *)0x1, *err = NULL;
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  CHECK_RESULT(govuk_notify_get_template(c, req, &out, &err), GOVUK_NOTIFY_RESULT_TIMEOUT, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "kind", "timeout"));
  CHECK(json_is(err, "status_code", "null"));
  CHECK(json_is(err, "retryable", "true"));
  CHECK(json_str_contains(err, "message", "500 ms"));
  govuk_notify_string_free(err);
  sim_clear_faults();
  govuk_notify_client_free(c);
}

static void test_connection_refused(void) {
  /* A port that was free a moment ago: bind, read the port, close. */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t alen = sizeof addr;
  CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0);
  CHECK(getsockname(fd, (struct sockaddr *)&addr, &alen) == 0);
  close(fd);
  char options[256];
  snprintf(options, sizeof options, "{\"base_url\":\"http://127.0.0.1:%d\",\"retry\":{\"max_retries\":0}}", ntohs(addr.sin_port));
  govuk_notify_client *c = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_client_new(env("GN_KEY_TEST"), options, &c, &err), GOVUK_NOTIFY_RESULT_OK, err);
  if (!c) return;
  char *e = expect_sms_error(c, sms_request("07700900123", "{\"name\":\"A\"}"), GOVUK_NOTIFY_RESULT_TRANSPORT, "transport", 1);
  if (e) {
    CHECK(json_is(e, "status_code", "null"));
    CHECK(json_len(e, "errors") == 0);
  }
  govuk_notify_string_free(e);
  govuk_notify_client_free(c);
}

static void test_errors_from_pager(void) {
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/notifications\",\"status\":500,\"times\":1}");
  govuk_notify_pager *pager = NULL;
  char *err = NULL, *page = (char *)0x1;
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, NULL, &pager, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK_RESULT(govuk_notify_pager_next_page(pager, &page, &err), GOVUK_NOTIFY_RESULT_SERVER, err);
  CHECK(page == NULL);
  CHECK(json_int(err, "status_code", 0) == 500);
  govuk_notify_string_free(err);
  /* The same page can be asked for again. */
  CHECK_RESULT(govuk_notify_pager_next_page(pager, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(page);
  govuk_notify_pager_free(pager);
  sim_clear_faults();
}

int main(void) {
  client = new_client(NULL, "\"timeout_ms\":5000,\"retry\":{\"max_retries\":0}");
  RUN(test_bad_key_is_an_argument_error);
  RUN(test_validation_400);
  RUN(test_auth_403_clock_skew);
  RUN(test_auth_403_wrong_secret);
  RUN(test_auth_403_team_key_letter);
  RUN(test_not_found_404);
  RUN(test_rate_limited_429);
  RUN(test_daily_limit_429);
  RUN(test_server_500);
  RUN(test_other_http_status);
  RUN(test_html_bodies);
  RUN(test_response_size_cap);
  RUN(test_timeout);
  RUN(test_connection_refused);
  RUN(test_errors_from_pager);
  govuk_notify_client_free(client);
  return finish("test_errors");
}
