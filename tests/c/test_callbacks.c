/*
 * The callback helpers (no client, no network): parsing delivery receipts and received texts,
 * refusing other bodies with an argument error naming `body`, outputs cleared on failure, and the
 * bearer-token check including NULL arguments.
 */
#include "test_util.h"

static const char RECEIPT[] =
    "{\"id\":\"740e5834-3a29-46b4-9a6f-16142fde533a\",\"reference\":null,\"to\":\"07700900123\","
    "\"status\":\"delivered\",\"created_at\":\"2017-05-14T12:15:30.000000Z\","
    "\"completed_at\":\"2017-05-14T12:15:30.000000Z\",\"sent_at\":null,\"notification_type\":\"sms\","
    "\"template_id\":\"f33517ff-2a88-4f6e-b855-c550268ce08a\",\"template_version\":3}";

static const char TEXT[] =
    "{\"id\":\"b51f638b-4295-46e0-a06e-cd41eee7c33b\",\"source_number\":\"447700912345\","
    "\"destination_number\":\"07700987654\",\"message\":\"Hello Notify!\","
    "\"date_received\":\"2017-05-14T12:15:30.000000Z\"}";

static void test_parse_delivery_receipt(void) {
  char *out = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_callback_parse_delivery_receipt(
      (const uint8_t *)RECEIPT, strlen(RECEIPT), &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(err == NULL);
  CHECK(json_str_eq(out, "status", "delivered"));
  CHECK(json_int(out, "template_version", 0) == 3);
  CHECK(json_is(out, "reference", "null"));
  CHECK(json_is(out, "sent_at", "null"));
  govuk_notify_string_free(out);
}

static void test_parse_received_text(void) {
  char *out = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_callback_parse_received_text(
      (const uint8_t *)TEXT, strlen(TEXT), &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(json_str_eq(out, "message", "Hello Notify!"));
  CHECK(json_str_eq(out, "source_number", "447700912345"));
  govuk_notify_string_free(out);
}

static void test_other_bodies_are_refused(void) {
  char *out = (char *)"stale", *err = NULL;
  const char *bodies[] = {"{}", "not json", TEXT};
  for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
    govuk_notify_result r = govuk_notify_callback_parse_delivery_receipt(
        (const uint8_t *)bodies[i], strlen(bodies[i]), &out, &err);
    CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
    CHECK(out == NULL);
    CHECK(json_str_eq(err, "kind", "argument"));
    CHECK(json_str_eq(err, "field", "body"));
    govuk_notify_string_free(err);
    err = NULL;
  }
  CHECK_RESULT(govuk_notify_callback_parse_received_text(NULL, 0, &out, &err),
               GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  err = NULL;
  CHECK_RESULT(govuk_notify_callback_parse_received_text(NULL, 5, &out, &err),
               GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  govuk_notify_string_free(err);
  CHECK_RESULT(govuk_notify_callback_parse_received_text((const uint8_t *)TEXT, strlen(TEXT), NULL, NULL),
               GOVUK_NOTIFY_RESULT_NULL_PARAMETER, NULL);
}

static void test_verify_bearer_token(void) {
  CHECK(govuk_notify_callback_verify_bearer_token("Bearer s3cret", "s3cret"));
  CHECK(govuk_notify_callback_verify_bearer_token("bearer s3cret", "s3cret"));
  CHECK(!govuk_notify_callback_verify_bearer_token("Bearer s3creT", "s3cret"));
  CHECK(!govuk_notify_callback_verify_bearer_token("Basic s3cret", "s3cret"));
  CHECK(!govuk_notify_callback_verify_bearer_token("Bearer ", ""));
  CHECK(!govuk_notify_callback_verify_bearer_token(NULL, "s3cret"));
  CHECK(!govuk_notify_callback_verify_bearer_token("Bearer s3cret", NULL));
  CHECK(!govuk_notify_callback_verify_bearer_token("Bearer \xff", "\xff"));
}

int main(void) {
  RUN(test_parse_delivery_receipt);
  RUN(test_parse_received_text);
  RUN(test_other_bodies_are_refused);
  RUN(test_verify_bearer_token);
  return finish("test_callbacks");
}
