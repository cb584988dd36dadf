/*
 * govuk_notify_wait_for_status() (blocking, cancellable from another thread), its async form,
 * cancel tokens, and the `pace` client option reaching the core. The simulator runs with
 * --status-delay-ms 0, so a notification is final as soon as it is sent.
 */
#include "test_util.h"

#include <pthread.h>
#include <time.h>

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static govuk_notify_client *client;

/* Sends a text message to `number`; returns its id (free it). */
static char *send_to(govuk_notify_client *c, const char *number) {
  char req[512];
  snprintf(req, sizeof req,
           "{\"phone_number\":\"%s\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Wait\"}}",
           number, env("GN_TPL_SMS"));
  char *json = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_send_sms(c, req, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  char *id = json ? json_str(json, "id") : NULL;
  govuk_notify_string_free(json);
  govuk_notify_string_free(err);
  return id;
}

static void test_waits_for_a_final_status(void) {
  char *id = send_to(client, "07700900002");
  char *json = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_wait_for_status(client, id, NULL, NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(json && json_str_eq(json, "status", "permanent-failure"));
  CHECK(json && json_str_eq(json, "id", id));
  govuk_notify_string_free(json);
  json = NULL;
  r = govuk_notify_wait_for_status(client, id, "{\"until\":[\"permanent-failure\",\"delivered\"]}",
                                   NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(json);
  free(id);
}

static void test_a_wait_that_times_out(void) {
  char *id = send_to(client, "07700900002");
  char *json = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_wait_for_status(
      client, id, "{\"until\":[\"delivered\"],\"timeout_ms\":300,\"poll_interval_ms\":20}", NULL,
      &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_TIMEOUT, err);
  CHECK(json == NULL);
  CHECK(err && json_str_contains(err, "message", "did not reach delivered within 300 ms"));
  CHECK(err && json_str_contains(err, "message", "last status: permanent-failure"));
  govuk_notify_string_free(err);
  free(id);
}

static void test_refuses_bad_arguments(void) {
  char *json = NULL, *err = NULL;
  govuk_notify_result r = govuk_notify_wait_for_status(
      client, "c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", "{\"until\":[\"deliverd\"]}", NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(err && json_str_eq(err, "field", "until"));
  govuk_notify_string_free(err);
  err = NULL;
  r = govuk_notify_wait_for_status(client, "c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", "{\"tiemout_ms\":1}",
                                   NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD, err);
  govuk_notify_string_free(err);
  err = NULL;
  r = govuk_notify_wait_for_status(client, "c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", "{\"timeout_ms\":5000}",
                                   NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_NOT_FOUND, err);
  govuk_notify_string_free(err);
  err = NULL;
  r = govuk_notify_wait_for_status(client, "not-a-uuid", NULL, NULL, &json, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
}

static void *cancel_later(void *token) {
  sleep_ms(200);
  govuk_notify_cancel_token_cancel(token);
  return NULL;
}

static void test_a_blocking_wait_is_cancelled_from_another_thread(void) {
  char *id = send_to(client, "07700900002");
  govuk_notify_cancel_token *token = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_cancel_token_new(&token, &err), GOVUK_NOTIFY_RESULT_OK, err);
  pthread_t t;
  pthread_create(&t, NULL, cancel_later, token);
  char *json = NULL;
  double started = now_ms();
  govuk_notify_result r = govuk_notify_wait_for_status(
      client, id, "{\"until\":[\"delivered\"],\"timeout_ms\":60000,\"poll_interval_ms\":50}", token,
      &json, &err);
  pthread_join(t, NULL);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_TIMEOUT, err);
  CHECK(now_ms() - started < 10000);
  CHECK(err && json_str_contains(err, "message", "cancelled"));
  govuk_notify_string_free(err);
  govuk_notify_cancel_token_free(token);
  govuk_notify_cancel_token_free(token); /* a no-op */
  free(id);
}

struct outcome {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int calls;
  govuk_notify_result result;
  char *json;
};

static void on_complete(void *user_data, govuk_notify_result result, const char *json,
                        const uint8_t *data, size_t len) {
  (void)data;
  (void)len;
  struct outcome *o = user_data;
  pthread_mutex_lock(&o->lock);
  o->calls++;
  o->result = result;
  o->json = json ? strdup(json) : NULL;
  pthread_cond_signal(&o->cond);
  pthread_mutex_unlock(&o->lock);
}

static void await_outcome(struct outcome *o) {
  pthread_mutex_lock(&o->lock);
  while (o->calls == 0) pthread_cond_wait(&o->cond, &o->lock);
  pthread_mutex_unlock(&o->lock);
}

static void test_async_wait_and_cancel(void) {
  char *id = send_to(client, "07700900003");
  struct outcome o = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL};
  char *err = NULL;
  govuk_notify_result r =
      govuk_notify_wait_for_status_async(client, id, NULL, NULL, on_complete, &o, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  await_outcome(&o);
  CHECK_RESULT(o.result, GOVUK_NOTIFY_RESULT_OK, o.json);
  CHECK(o.json && json_str_eq(o.json, "status", "temporary-failure"));
  free(o.json);

  struct outcome c = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL};
  govuk_notify_cancel_token *token = NULL;
  CHECK_RESULT(govuk_notify_cancel_token_new(&token, &err), GOVUK_NOTIFY_RESULT_OK, err);
  r = govuk_notify_wait_for_status_async(client, id, "{\"until\":[\"delivered\"]}", token,
                                         on_complete, &c, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
  sleep_ms(100);
  govuk_notify_cancel_token_cancel(token);
  await_outcome(&c);
  CHECK_RESULT(c.result, GOVUK_NOTIFY_RESULT_TIMEOUT, c.json);
  CHECK(c.json && json_str_contains(c.json, "message", "cancelled"));
  free(c.json);
  govuk_notify_cancel_token_free(token);

  /* Refused at once, never called back. */
  struct outcome n = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL};
  r = govuk_notify_wait_for_status_async(client, "not-a-uuid", NULL, NULL, on_complete, &n, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  govuk_notify_string_free(err);
  sleep_ms(50);
  CHECK(n.calls == 0);
  free(id);
}

static void test_pace_option_reaches_the_core(void) {
  /* 20 sends a second: one every 50 ms, so 6 sends take at least 250 ms. */
  govuk_notify_client *paced = new_client(NULL, "\"pace\":{\"limit\":20,\"window_ms\":1000}");
  double started = now_ms();
  for (int i = 0; i < 6; i++) free(send_to(paced, "07700900123"));
  double took = now_ms() - started;
  CHECK(took >= 245);
  govuk_notify_client_free(paced);

  const char *bad[] = {"{\"pace\":0}", "{\"pace\":{\"limit\":0}}", "{\"pace\":\"fast\"}",
                       "{\"pace\":{\"limit\":5,\"window\":1}}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    govuk_notify_client *c = NULL;
    char *err = NULL;
    govuk_notify_result r = govuk_notify_client_new(env("GN_KEY_TEST"), bad[i], &c, &err);
    CHECK(r != GOVUK_NOTIFY_RESULT_OK);
    CHECK(c == NULL);
    govuk_notify_string_free(err);
  }
  govuk_notify_client *on = new_client(NULL, "\"pace\":true");
  free(send_to(on, "07700900123"));
  govuk_notify_client_free(on);
}

int main(void) {
  client = new_client(NULL, NULL);
  RUN(test_waits_for_a_final_status);
  RUN(test_a_wait_that_times_out);
  RUN(test_refuses_bad_arguments);
  RUN(test_a_blocking_wait_is_cancelled_from_another_thread);
  RUN(test_async_wait_and_cancel);
  RUN(test_pace_option_reaches_the_core);
  govuk_notify_client_free(client);
  /* Let the callback thread retire, so valgrind sees it gone. */
  sleep_ms(300);
  return finish("test_wait");
}
