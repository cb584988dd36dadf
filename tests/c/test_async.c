/*
 * govuk_notify_call_async(): refusals come back at once and never call back; accepted calls call
 * back exactly once, from another thread, with the response, the PDF bytes or the error report;
 * many calls may be in flight at once; a client freed mid-call does not lose the callback.
 */
#include "test_util.h"

#include <pthread.h>
#include <time.h>

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* One expected callback: what it received, copied (the library lends json/data only during the
 * callback). */
struct outcome {
  pthread_mutex_t lock;
  pthread_cond_t done_cond;
  int calls;
  govuk_notify_result result;
  char *json;
  unsigned char *data;
  size_t len;
  pthread_t thread;
};

static void outcome_init(struct outcome *o) {
  memset(o, 0, sizeof *o);
  pthread_mutex_init(&o->lock, NULL);
  pthread_cond_init(&o->done_cond, NULL);
}

static void outcome_destroy(struct outcome *o) {
  free(o->json);
  free(o->data);
  pthread_mutex_destroy(&o->lock);
  pthread_cond_destroy(&o->done_cond);
}

static void on_complete(void *user_data, govuk_notify_result result, const char *json,
                        const uint8_t *data, size_t len) {
  struct outcome *o = user_data;
  pthread_mutex_lock(&o->lock);
  o->calls++;
  o->result = result;
  o->json = json ? strdup(json) : NULL;
  if (data && len) {
    o->data = malloc(len);
    memcpy(o->data, data, len);
  }
  o->len = len;
  o->thread = pthread_self();
  pthread_cond_signal(&o->done_cond);
  pthread_mutex_unlock(&o->lock);
}

/* Waits for the callback, then a little longer to catch a second (wrong) call. */
static void wait_for(struct outcome *o) {
  pthread_mutex_lock(&o->lock);
  while (o->calls == 0) pthread_cond_wait(&o->done_cond, &o->lock);
  pthread_mutex_unlock(&o->lock);
  sleep_ms(20);
}

static govuk_notify_client *client;

static void test_send_sms_calls_back_once_from_another_thread(void) {
  struct outcome o;
  outcome_init(&o);
  char req[512];
  snprintf(req, sizeof req,
           "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Async\"}}",
           env("GN_TPL_SMS"));
  char *err = NULL;
  govuk_notify_result r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_SEND_SMS, req,
                                                  on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(err == NULL);
  wait_for(&o);
  CHECK(o.calls == 1);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_OK, o.json);
  char *id = o.json ? json_str(o.json, "id") : NULL;
  CHECK(id && strlen(id) == 36);
  free(id);
  CHECK(o.json && json_str_contains(o.json, "content.body", "Async"));
  CHECK(!pthread_equal(o.thread, pthread_self()));
  CHECK(o.data == NULL && o.len == 0);
  outcome_destroy(&o);
}

static void test_list_with_null_request(void) {
  struct outcome o;
  outcome_init(&o);
  govuk_notify_result r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_LIST_TEMPLATES, NULL,
                                                  on_complete, &o, NULL);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  wait_for(&o);
  CHECK(o.calls == 1);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_OK, o.json);
  CHECK(o.json && json_len(o.json, "templates") >= 4);
  outcome_destroy(&o);
}

static void test_errors_reach_the_callback_with_their_report(void) {
  struct outcome o;
  outcome_init(&o);
  govuk_notify_result r = govuk_notify_call_async(
      client, GOVUK_NOTIFY_OPERATION_GET_NOTIFICATION,
      "{\"notification_id\":\"0b0b0b0b-1111-4222-8333-944455556666\"}", on_complete, &o, NULL);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  wait_for(&o);
  CHECK(o.calls == 1);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_NOT_FOUND, o.json);
  CHECK(o.json && json_str_eq(o.json, "kind", "not_found"));
  CHECK(o.json && json_int(o.json, "status_code", 0) == 404);
  CHECK(o.json && json_str_eq(o.json, "errors.0.error", "NoResultFound"));
  outcome_destroy(&o);
}

static void test_pdf_arrives_as_bytes(void) {
  char req[1024];
  snprintf(req, sizeof req,
           "{\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Async\",\"address_line_1\":\"A\","
           "\"address_line_2\":\"B\",\"address_line_3\":\"SW1A 1AA\"}}",
           env("GN_TPL_LETTER"));
  char *out = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_send_letter(client, req, &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  char *id = out ? json_str(out, "id") : NULL;
  govuk_notify_string_free(out);
  govuk_notify_string_free(err);
  if (!id) {
    CHECK(id != NULL);
    return;
  }
  snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", id);
  free(id);
  struct outcome o;
  outcome_init(&o);
  r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_GET_PDF_FOR_LETTER, req, on_complete,
                              &o, NULL);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  wait_for(&o);
  CHECK(o.calls == 1);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_OK, o.json);
  CHECK(o.json == NULL);
  CHECK(o.len > 4 && o.data && memcmp(o.data, "%PDF", 4) == 0);
  outcome_destroy(&o);
}

static void test_refusals_return_at_once_and_never_call_back(void) {
  struct outcome o;
  outcome_init(&o);
  char *err = NULL;
  char req[512];

  govuk_notify_result r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_SEND_SMS, "{",
                                                  on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_JSON, err);
  CHECK(err && json_str_eq(err, "field", "request_json"));
  govuk_notify_string_free(err);

  snprintf(req, sizeof req, "{\"phone_number\":\"07700900123\",\"template_id\":\"not-a-uuid\"}");
  r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_SEND_SMS, req, on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(err && json_str_eq(err, "field", "template_id"));
  govuk_notify_string_free(err);

  r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_SEND_SMS, NULL, on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(err && json_str_eq(err, "field", "request_json"));
  govuk_notify_string_free(err);

  r = govuk_notify_call_async(client, 99, "{}", on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(err && json_str_eq(err, "field", "operation"));
  govuk_notify_string_free(err);

  r = govuk_notify_call_async(client, GOVUK_NOTIFY_OPERATION_LIST_TEMPLATES, NULL, NULL, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  CHECK(err && json_str_eq(err, "field", "callback"));
  govuk_notify_string_free(err);

  govuk_notify_client *freed = new_client(NULL, NULL);
  govuk_notify_client_free(freed);
  r = govuk_notify_call_async(freed, GOVUK_NOTIFY_OPERATION_LIST_TEMPLATES, NULL, on_complete, &o,
                              &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_HANDLE, err);
  CHECK(err && json_str_eq(err, "field", "client"));
  govuk_notify_string_free(err);

  sleep_ms(200);
  CHECK(o.calls == 0);
  outcome_destroy(&o);
}

#define MANY 64

static void test_many_calls_in_flight(void) {
  struct outcome *os = calloc(MANY, sizeof *os);
  for (int i = 0; i < MANY; i++) {
    outcome_init(&os[i]);
    govuk_notify_result r = govuk_notify_call_async(
        client, i % 2 ? GOVUK_NOTIFY_OPERATION_LIST_TEMPLATES : GOVUK_NOTIFY_OPERATION_LIST_NOTIFICATIONS,
        NULL, on_complete, &os[i], NULL);
    CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  }
  int ok = 0;
  for (int i = 0; i < MANY; i++) {
    wait_for(&os[i]);
    if (os[i].calls == 1 && os[i].result == GOVUK_NOTIFY_RESULT_OK) ok++;
  }
  CHECK(ok == MANY);
  for (int i = 0; i < MANY; i++) outcome_destroy(&os[i]);
  free(os);
}

static void test_freeing_the_client_mid_call_still_calls_back(void) {
  govuk_notify_client *c = new_client(NULL, NULL);
  struct outcome o;
  outcome_init(&o);
  govuk_notify_result r =
      govuk_notify_call_async(c, GOVUK_NOTIFY_OPERATION_LIST_TEMPLATES, NULL, on_complete, &o, NULL);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  govuk_notify_client_free(c);
  wait_for(&o);
  CHECK(o.calls == 1);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_OK, o.json);
  outcome_destroy(&o);
}

int main(void) {
  client = new_client(NULL, NULL);
  RUN(test_send_sms_calls_back_once_from_another_thread);
  RUN(test_list_with_null_request);
  RUN(test_errors_reach_the_callback_with_their_report);
  RUN(test_pdf_arrives_as_bytes);
  RUN(test_refusals_return_at_once_and_never_call_back);
  RUN(test_many_calls_in_flight);
  RUN(test_freeing_the_client_mid_call_still_calls_back);
  govuk_notify_client_free(client);
  /* Let the callback thread retire, so valgrind sees it gone. */
  sleep_ms(300);
  return finish("test_async");
}
