/*
 * The conventions of the C API, without a successful request: versions, result codes and names,
 * NULL handling, argument errors (NULL, invalid UTF-8, malformed JSON, unknown fields, wrong types,
 * oversized input, invalid values), out-parameters cleared on failure, and nothing sent when the
 * input is invalid.
 */
#include "test_util.h"

static govuk_notify_client *client;

static void test_version(void) {
  CHECK_STR(govuk_notify_version(), GOVUK_NOTIFY_VERSION);
  char expected[64];
  snprintf(expected, sizeof expected, "%d.%d.%d", GOVUK_NOTIFY_VERSION_MAJOR,
           GOVUK_NOTIFY_VERSION_MINOR, GOVUK_NOTIFY_VERSION_PATCH);
  CHECK_STR(govuk_notify_version(), expected);
}

static void test_result_names_kinds_and_retryable(void) {
  CHECK(GOVUK_NOTIFY_RESULT_OK == 0);
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_OK), "ok");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_NULL_PARAMETER), "null_parameter");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD), "unknown_field");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_TOO_LARGE), "too_large");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_TIMEOUT), "timeout");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_NOT_FOUND), "not_found");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_DAILY_LIMIT), "daily_limit");
  CHECK_STR(govuk_notify_result_name(GOVUK_NOTIFY_RESULT_PANIC), "panic");
  CHECK_STR(govuk_notify_result_name(12345), "unknown");
  CHECK_STR(govuk_notify_result_kind(GOVUK_NOTIFY_RESULT_INVALID_UTF8), "argument");
  CHECK_STR(govuk_notify_result_kind(GOVUK_NOTIFY_RESULT_INVALID_VALUE), "argument");
  CHECK_STR(govuk_notify_result_kind(GOVUK_NOTIFY_RESULT_RATE_LIMITED), "rate_limited");
  CHECK_STR(govuk_notify_result_kind(GOVUK_NOTIFY_RESULT_PANIC), "internal");
  CHECK_STR(govuk_notify_result_kind(0), "ok");
  CHECK_STR(govuk_notify_result_kind(42), "unknown");
  /* The ranges. */
  CHECK(GOVUK_NOTIFY_RESULT_NULL_PARAMETER / 1000 == 1 && GOVUK_NOTIFY_RESULT_INVALID_VALUE / 1000 == 1);
  CHECK(GOVUK_NOTIFY_RESULT_TRANSPORT / 1000 == 2 && GOVUK_NOTIFY_RESULT_TIMEOUT / 1000 == 2);
  CHECK(GOVUK_NOTIFY_RESULT_AUTH / 1000 == 3 && GOVUK_NOTIFY_RESULT_INVALID_RESPONSE / 1000 == 3);
  CHECK(GOVUK_NOTIFY_RESULT_INTERNAL / 1000 == 9 && GOVUK_NOTIFY_RESULT_PANIC / 1000 == 9);
  /* Retryable: exactly rate_limited, server, transport, timeout. */
  CHECK(govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_RATE_LIMITED));
  CHECK(govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_SERVER));
  CHECK(govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_TRANSPORT));
  CHECK(govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_TIMEOUT));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_OK));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_DAILY_LIMIT));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_VALIDATION));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_AUTH));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_INVALID_JSON));
  CHECK(!govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_PANIC));
  CHECK(!govuk_notify_result_is_retryable(777777));
}

static void test_free_functions_accept_null(void) {
  govuk_notify_string_free(NULL);
  govuk_notify_bytes_free(NULL, 0);
  govuk_notify_client_free(NULL);
  govuk_notify_pager_free(NULL);
}

static void test_client_new_argument_errors(void) {
  govuk_notify_client *c = (govuk_notify_client *)0x1;
  char *err = NULL;
  const char *key = env("GN_KEY_TEST");

  CHECK_RESULT(govuk_notify_client_new(NULL, NULL, &c, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(c == NULL);
  CHECK(json_str_eq(err, "field", "api_key"));
  CHECK(json_str_eq(err, "kind", "argument"));
  CHECK(json_int(err, "code", 0) == GOVUK_NOTIFY_RESULT_NULL_PARAMETER);
  CHECK(json_str_eq(err, "result", "null_parameter"));
  CHECK(json_is(err, "status_code", "null"));
  CHECK(json_is(err, "retryable", "false"));
  govuk_notify_string_free(err);

  /* A NULL out-parameter is refused too, and a NULL error slot is allowed. */
  CHECK_RESULT(govuk_notify_client_new(key, NULL, NULL, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);

  /* A malformed key: an invalid value, and the report never contains the secret. */
  const char *bad_key = "my_key-26785a09-ab16-4eb0-8407-a37497a57506-not-a-uuid-secretvalue";
  CHECK_RESULT(govuk_notify_client_new(bad_key, NULL, &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(c == NULL);
  CHECK(json_str_eq(err, "kind", "argument"));
  CHECK(err && strstr(err, "secretvalue") == NULL);
  govuk_notify_string_free(err);

  /* Options: unknown keys (top level and in retry), wrong types, bad values, bad JSON. */
  CHECK_RESULT(govuk_notify_client_new(key, "{\"timeout\": 5}", &c, &err), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
  CHECK(json_str_eq(err, "field", "options_json"));
  CHECK(json_str_contains(err, "message", "timeout"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"retry\": {\"retries\": 1}}", &c, &err), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"timeout_ms\": \"fast\"}", &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"timeout_ms\": 0}", &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(json_str_eq(err, "field", "timeout_ms"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"base_url\": \"http://notify.example.com\"}", &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(json_str_eq(err, "field", "base_url"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"base_url\": ", &c, &err), GOVUK_NOTIFY_RESULT_INVALID_JSON, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_client_new(key, "{\"ca_bundle_pem\": \"not a certificate\"}", &c, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  CHECK(c == NULL);

  /* Every documented option is accepted. */
  char options[1024];
  snprintf(options, sizeof options,
           "{\"base_url\":\"%s\",\"timeout_ms\":5000,\"connect_timeout_ms\":1000,"
           "\"proxy\":null,\"allow_insecure_http\":false,\"user_agent_suffix\":\"c-tests/1\","
           "\"retry\":{\"max_retries\":1,\"initial_backoff_ms\":10,\"max_backoff_ms\":100,"
           "\"backoff_multiplier\":2.0,\"jitter\":true,\"retry_sends\":false}}",
           env("GN_BASE_URL"));
  CHECK_RESULT(govuk_notify_client_new(key, options, &c, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(c != NULL && err == NULL);
  govuk_notify_client_free(c);
}

/* Calls send_sms with `request` and checks the result, the error field and that out is NULL. */
static void expect_send_error(const char *request, govuk_notify_result want, const char *field) {
  char *out = (char *)0x1, *err = NULL;
  CHECK_RESULT(govuk_notify_send_sms(client, request, &out, &err), want, err);
  CHECK(out == NULL);
  CHECK(err != NULL);
  if (err) {
    CHECK(json_str_eq(err, "kind", "argument"));
    CHECK(json_int(err, "code", 0) == (long)want);
    if (field) CHECK(json_str_eq(err, "field", field));
  }
  govuk_notify_string_free(err);
}

static void test_request_argument_errors_send_nothing(void) {
  sim_reset();
  char ok_request[512];
  snprintf(ok_request, sizeof ok_request,
           "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  char *out = (char *)0x1, *err = (char *)0x1;

  /* NULL pointers, each named. */
  CHECK_RESULT(govuk_notify_send_sms(NULL, ok_request, &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "field", "client"));
  govuk_notify_string_free(err);
  expect_send_error(NULL, GOVUK_NOTIFY_RESULT_NULL_PARAMETER, "request_json");
  CHECK_RESULT(govuk_notify_send_sms(client, ok_request, NULL, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(json_str_eq(err, "field", "out_json"));
  govuk_notify_string_free(err);

  /* Invalid UTF-8. */
  expect_send_error("{\"phone_number\":\"0770\xff\xfe\",\"template_id\":\"x\"}",
                    GOVUK_NOTIFY_RESULT_INVALID_UTF8, "request_json");
  /* Malformed JSON, truncated JSON, empty string. */
  expect_send_error("{phone_number: 1}", GOVUK_NOTIFY_RESULT_INVALID_JSON, "request_json");
  expect_send_error("{\"phone_number\":\"07700900123\"", GOVUK_NOTIFY_RESULT_INVALID_JSON, "request_json");
  expect_send_error("", GOVUK_NOTIFY_RESULT_INVALID_JSON, "request_json");
  /* Unknown field: named in the message. */
  {
    char req[512];
    snprintf(req, sizeof req,
             "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalization\":{}}",
             env("GN_TPL_SMS"));
    char *o = NULL, *e = NULL;
    CHECK_RESULT(govuk_notify_send_sms(client, req, &o, &e), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, e);
    CHECK(json_str_contains(e, "message", "personalization"));
    govuk_notify_string_free(e);
  }
  /* Wrong types and missing fields. */
  expect_send_error("{\"phone_number\":7700900123,\"template_id\":\"x\"}", GOVUK_NOTIFY_RESULT_INVALID_VALUE, "request_json");
  expect_send_error("{\"phone_number\":\"07700900123\"}", GOVUK_NOTIFY_RESULT_INVALID_VALUE, "request_json");
  expect_send_error("[]", GOVUK_NOTIFY_RESULT_INVALID_VALUE, "request_json");
  expect_send_error("null", GOVUK_NOTIFY_RESULT_INVALID_VALUE, "request_json");
  /* Values the core refuses: a bad UUID, an empty phone number, a too-long reference. */
  expect_send_error("{\"phone_number\":\"07700900123\",\"template_id\":\"not-a-uuid\"}",
                    GOVUK_NOTIFY_RESULT_INVALID_VALUE, "template_id");
  /* ... carrying the 400 Notify answers for that input, in its wording, marked as not sent. */
  {
    char *o = NULL, *e = NULL;
    CHECK_RESULT(govuk_notify_send_sms(client, "{\"phone_number\":\"07700900123\",\"template_id\":\"not-a-uuid\"}", &o, &e),
                 GOVUK_NOTIFY_RESULT_INVALID_VALUE, e);
    CHECK(json_str_eq(e, "kind", "argument"));
    CHECK(json_int(e, "status_code", 0) == 400);
    CHECK(json_is(e, "refused_before_sending", "true"));
    CHECK(json_is(e, "may_have_reached_server", "false"));
    CHECK(e && strstr(e, "\"errors\":[{\"error\":\"ValidationError\",\"message\":\"template_id is not a valid UUID\"}]") != NULL);
    govuk_notify_string_free(e);
  }
  {
    char req[512];
    snprintf(req, sizeof req, "{\"phone_number\":\"\",\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
    expect_send_error(req, GOVUK_NOTIFY_RESULT_INVALID_VALUE, "phone_number");
    char *long_req = malloc(4096);
    char ref[1100];
    memset(ref, 'r', 1001);
    ref[1001] = '\0';
    snprintf(long_req, 4096, "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"reference\":\"%s\"}",
             env("GN_TPL_SMS"), ref);
    expect_send_error(long_req, GOVUK_NOTIFY_RESULT_INVALID_VALUE, "reference");
    free(long_req);
  }
  /* Absurdly large input: refused before parsing. */
  {
    size_t n = GOVUK_NOTIFY_MAX_INPUT_BYTES + 1;
    char *huge = malloc(n + 1);
    memset(huge, ' ', n);
    huge[n] = '\0';
    expect_send_error(huge, GOVUK_NOTIFY_RESULT_TOO_LARGE, "request_json");
    free(huge);
  }
  /* Nothing reached the server. */
  CHECK(sim_request_count() == 0);
}

static void test_every_function_checks_null_and_clears_outputs(void) {
  char *out = (char *)0x1, *err = NULL;
  typedef govuk_notify_result (*json_op)(const govuk_notify_client *, const char *, char **, char **);
  json_op ops[] = {govuk_notify_send_sms,          govuk_notify_send_email,
                   govuk_notify_send_letter,       govuk_notify_send_precompiled_letter,
                   govuk_notify_get_notification,  govuk_notify_list_notifications,
                   govuk_notify_get_template,      govuk_notify_get_template_version,
                   govuk_notify_list_templates,    govuk_notify_preview_template,
                   govuk_notify_list_received_texts};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    out = (char *)0x1;
    CHECK_RESULT(ops[i](NULL, "{}", &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
    CHECK(out == NULL);
    CHECK(json_str_eq(err, "field", "client"));
    govuk_notify_string_free(err);
    CHECK_RESULT(ops[i](client, "{}", NULL, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
    /* Unknown fields are refused by every operation. */
    CHECK_RESULT(ops[i](client, "{\"no_such_field\": 1}", &out, &err), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
    CHECK(out == NULL);
    govuk_notify_string_free(err);
  }

  uint8_t *data = (uint8_t *)0x1;
  size_t len = 99;
  CHECK_RESULT(govuk_notify_get_pdf_for_letter(client, NULL, &data, &len, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(data == NULL && len == 0);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_get_pdf_for_letter(client, "{}", NULL, &len, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
  CHECK_RESULT(govuk_notify_get_pdf_for_letter(client, "{}", &data, NULL, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
  CHECK_RESULT(govuk_notify_get_pdf_for_letter(client, "{\"notification_id\":\"nope\"}", &data, &len, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(json_str_eq(err, "field", "notification_id"));
  govuk_notify_string_free(err);

  /* The bytes variant of the precompiled letter. */
  const uint8_t pdf[] = "%PDF-1.4";
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, NULL, pdf, 8, NULL, &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(json_str_eq(err, "field", "reference"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "ref", NULL, 8, NULL, &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(json_str_eq(err, "field", "pdf"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "ref", pdf, 0, NULL, &out, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "ref", pdf, 8, "fourth", &out, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(json_str_eq(err, "field", "postage"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "ref", pdf, (size_t)GOVUK_NOTIFY_MAX_INPUT_BYTES + 1, NULL, &out, &err), GOVUK_NOTIFY_RESULT_TOO_LARGE, err);
  govuk_notify_string_free(err);
  CHECK(out == NULL);
  CHECK_RESULT(govuk_notify_send_precompiled_letter(client, "{\"reference\":\"r\",\"content\":\"***\"}", &out, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(json_str_contains(err, "message", "base64"));
  govuk_notify_string_free(err);

  /* Pagers. */
  govuk_notify_pager *pager = (govuk_notify_pager *)0x1;
  CHECK_RESULT(govuk_notify_notifications_iter_new(NULL, NULL, &pager, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(pager == NULL);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, NULL, NULL, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, "{\"status\":\"lost\"}", &pager, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(pager == NULL);
  CHECK(json_str_eq(err, "field", "status"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, "{\"page\":2}", &pager, &err), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_received_texts_iter_new(client, "{\"older_than\":\"x\"}", &pager, &err), GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_received_texts_iter_new(NULL, NULL, &pager, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
  CHECK_RESULT(govuk_notify_pager_next_page(NULL, &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(json_str_eq(err, "field", "pager"));
  govuk_notify_string_free(err);
  CHECK(out == NULL);
}

static void test_prepare_upload(void) {
  char *out = NULL, *err = NULL;
  const char csv[] = "name,score\n";
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)csv, strlen(csv), NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(json_str_eq(out, "file", "bmFtZSxzY29yZQo="));
  CHECK(json_is(out, "filename", "null"));
  CHECK(json_is(out, "confirm_email_before_download", "null"));
  CHECK(json_is(out, "retention_period", "null"));
  govuk_notify_string_free(out);

  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)csv, strlen(csv),
               "{\"filename\":\"scores.csv\",\"confirm_email_before_download\":false,\"retention_period\":\"4 weeks\"}",
               &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(json_str_eq(out, "filename", "scores.csv"));
  CHECK(json_is(out, "confirm_email_before_download", "false"));
  CHECK(json_str_eq(out, "retention_period", "4 weeks"));
  govuk_notify_string_free(out);

  /* An empty file with a NULL pointer is allowed. */
  CHECK_RESULT(govuk_notify_prepare_upload(NULL, 0, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(json_str_eq(out, "file", ""));
  govuk_notify_string_free(out);

  /* Exactly 2 MiB is allowed; one byte more is too large. */
  size_t max = 2 * 1024 * 1024;
  uint8_t *big = calloc(max + 1, 1);
  CHECK_RESULT(govuk_notify_prepare_upload(big, max, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  out = (char *)0x1;
  CHECK_RESULT(govuk_notify_prepare_upload(big, max + 1, NULL, &out, &err), GOVUK_NOTIFY_RESULT_TOO_LARGE, err);
  CHECK(out == NULL);
  CHECK(json_str_eq(err, "message", "File is larger than 2MB"));
  CHECK(json_str_eq(err, "kind", "argument"));
  govuk_notify_string_free(err);
  free(big);

  CHECK_RESULT(govuk_notify_prepare_upload(NULL, 5, NULL, &out, &err), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(json_str_eq(err, "field", "data"));
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)csv, 3, "{\"name\":\"x\"}", &out, &err), GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)csv, 3, NULL, NULL, NULL), GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
}

int main(void) {
  client = new_client(NULL, "\"retry\":{\"max_retries\":0}");
  RUN(test_version);
  RUN(test_result_names_kinds_and_retryable);
  RUN(test_free_functions_accept_null);
  RUN(test_client_new_argument_errors);
  RUN(test_request_argument_errors_send_nothing);
  RUN(test_every_function_checks_null_and_clears_outputs);
  RUN(test_prepare_upload);
  govuk_notify_client_free(client);
  return finish("test_arguments");
}
