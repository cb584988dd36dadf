/*
 * One client shared by 8 pthreads, each sending GN_THREAD_SENDS text messages (default 50) and
 * reading some back: every call must succeed, every id must be distinct, and the simulator must
 * have recorded every send.
 */
#include "test_util.h"

#include <pthread.h>

#define THREADS 8

static govuk_notify_client *client;
static int sends_per_thread;

struct worker {
  int index;
  int ok;
  int failed;
  char (*ids)[40];
};

static void *work(void *arg) {
  struct worker *w = arg;
  char req[512];
  for (int i = 0; i < sends_per_thread; i++) {
    snprintf(req, sizeof req,
             "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"T%d\"},"
             "\"reference\":\"thread-%d-%d\"}",
             env("GN_TPL_SMS"), w->index, w->index, i);
    char *out = NULL, *err = NULL;
    govuk_notify_result r = govuk_notify_send_sms(client, req, &out, &err);
    char *id = out ? json_str(out, "id") : NULL;
    if (r == GOVUK_NOTIFY_RESULT_OK && id && strlen(id) == 36) {
      w->ok++;
      snprintf(w->ids[i], 40, "%s", id);
    } else {
      w->failed++;
      fprintf(stderr, "    thread %d send %d: %s %s\n", w->index, i, govuk_notify_result_name(r), err ? err : "");
    }
    free(id);
    govuk_notify_string_free(out);
    govuk_notify_string_free(err);
    /* Interleave reads with the sends. */
    if (i % 10 == 0 && w->ids[i][0]) {
      snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", w->ids[i]);
      out = NULL;
      err = NULL;
      r = govuk_notify_get_notification(client, req, &out, &err);
      if (r != GOVUK_NOTIFY_RESULT_OK) {
        w->failed++;
        fprintf(stderr, "    thread %d get %d: %s %s\n", w->index, i, govuk_notify_result_name(r), err ? err : "");
      }
      govuk_notify_string_free(out);
      govuk_notify_string_free(err);
    }
  }
  return NULL;
}

static int compare_ids(const void *a, const void *b) { return strcmp(a, b); }

static void test_eight_threads_share_one_client(void) {
  sim_reset();
  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  char(*ids)[40] = calloc((size_t)(THREADS * sends_per_thread), sizeof *ids);
  for (int t = 0; t < THREADS; t++) {
    workers[t] = (struct worker){.index = t, .ids = ids + t * sends_per_thread};
    CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
  }
  int ok = 0, failed = 0;
  for (int t = 0; t < THREADS; t++) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    ok += workers[t].ok;
    failed += workers[t].failed;
  }
  printf("    %d threads x %d sends: %d ok, %d failed\n", THREADS, sends_per_thread, ok, failed);
  CHECK(ok == THREADS * sends_per_thread);
  CHECK(failed == 0);
  /* Every id is distinct. */
  qsort(ids, (size_t)(THREADS * sends_per_thread), sizeof *ids, compare_ids);
  for (int i = 1; i < THREADS * sends_per_thread; i++) CHECK(strcmp(ids[i - 1], ids[i]) != 0);
  free(ids);
  /* The simulator saw every send (plus the interleaved reads). */
  int reads = THREADS * ((sends_per_thread + 9) / 10);
  CHECK(sim_request_count() == THREADS * sends_per_thread + reads);
}

int main(void) {
  sends_per_thread = env_int("GN_THREAD_SENDS", 50);
  client = new_client(NULL, "\"retry\":{\"max_retries\":0}");
  RUN(test_eight_threads_share_one_client);
  govuk_notify_client_free(client);
  return finish("test_threads");
}
