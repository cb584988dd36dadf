/*
 * Concurrency soak for the C ABI: ONE client shared by SOAK_THREADS threads (default 16), each
 * making SOAK_CALLS calls (default 2000): even calls send a text message, odd calls read back the
 * notification just sent. All threads start together (barrier). Prints one line
 *   SOAK_RESULT {"lang":"c","test":"threads",...,"calls":N,"errors":N,"wall_s":S,"peak_rss_kib":K}
 * and exits 0 only if every call succeeded and the peak RSS is under SOAK_RSS_LIMIT_MIB (default
 * 300). SOAK_WATCHDOG_S (default 300): the process exits 3 if the soak has not finished by then
 * (a deadlock). Environment from tests/soak/run.sh: GN_BASE_URL, GN_KEY_TEST, GN_TPL_SMS.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <time.h>

#include "test_util.h"

static govuk_notify_client *client;
static pthread_barrier_t start;
static int calls_per_thread;
static atomic_long calls_done;
static atomic_long errors;
static char send_request[256];

static void on_alarm(int sig) {
  (void)sig;
  static const char msg[] = "soak watchdog: not finished in time (deadlock?)\n";
  ssize_t ignored = write(2, msg, sizeof msg - 1);
  (void)ignored;
  _exit(3);
}

static void report_error(const char *what, govuk_notify_result r, const char *err) {
  long n = atomic_fetch_add(&errors, 1);
  if (n < 5) fprintf(stderr, "%s failed: %s %s\n", what, govuk_notify_result_name(r), err ? err : "");
}

static void *worker(void *arg) {
  (void)arg;
  char id[64] = "";
  pthread_barrier_wait(&start);
  for (int i = 0; i < calls_per_thread; i++) {
    char *out = NULL;
    char *err = NULL;
    govuk_notify_result r;
    if (i % 2 == 0 || id[0] == '\0') {
      r = govuk_notify_send_sms(client, send_request, &out, &err);
      if (r == GOVUK_NOTIFY_RESULT_OK) {
        char *got = json_str(out, "id");
        if (got && strlen(got) < sizeof id) {
          strcpy(id, got);
        } else {
          report_error("send_sms (no id)", r, out);
        }
        free(got);
      } else {
        report_error("send_sms", r, err);
      }
    } else {
      char request[128];
      snprintf(request, sizeof request, "{\"notification_id\":\"%s\"}", id);
      r = govuk_notify_get_notification(client, request, &out, &err);
      if (r == GOVUK_NOTIFY_RESULT_OK) {
        char *got = json_str(out, "id");
        if (!got || strcmp(got, id) != 0) report_error("get_notification (wrong id)", r, out);
        free(got);
      } else {
        report_error("get_notification", r, err);
      }
    }
    atomic_fetch_add(&calls_done, 1);
    govuk_notify_string_free(out);
    govuk_notify_string_free(err);
  }
  return NULL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
  int threads = env_int("SOAK_THREADS", 16);
  calls_per_thread = env_int("SOAK_CALLS", 2000);
  long rss_limit_kib = (long)env_int("SOAK_RSS_LIMIT_MIB", 300) * 1024;
  signal(SIGALRM, on_alarm);
  alarm((unsigned)env_int("SOAK_WATCHDOG_S", 300));

  snprintf(send_request, sizeof send_request,
           "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"reference\":\"soak-c\","
           "\"personalisation\":{\"name\":\"Soak\"}}",
           env("GN_TPL_SMS"));
  client = new_client(NULL, "\"timeout_ms\":30000");
  pthread_t *tids = calloc((size_t)threads, sizeof *tids);
  pthread_barrier_init(&start, NULL, (unsigned)threads + 1);
  for (int t = 0; t < threads; t++) {
    if (pthread_create(&tids[t], NULL, worker, NULL) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 2;
    }
  }
  double started = now_s();
  pthread_barrier_wait(&start);
  for (int t = 0; t < threads; t++) pthread_join(tids[t], NULL);
  double wall = now_s() - started;
  alarm(0);
  govuk_notify_client_free(client);
  pthread_barrier_destroy(&start);
  free(tids);

  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long calls = atomic_load(&calls_done);
  long errs = atomic_load(&errors);
  long want = (long)threads * calls_per_thread;
  printf("SOAK_RESULT {\"lang\":\"c\",\"test\":\"threads\",\"threads\":%d,\"calls_per_thread\":%d,"
         "\"calls\":%ld,\"errors\":%ld,\"wall_s\":%.2f,\"peak_rss_kib\":%ld}\n",
         threads, calls_per_thread, calls, errs, wall, ru.ru_maxrss);
  int ok = calls == want && errs == 0 && ru.ru_maxrss < rss_limit_kib;
  if (!ok)
    fprintf(stderr, "soak failed: calls %ld/%ld, errors %ld, peak RSS %ld KiB (limit %ld)\n", calls,
            want, errs, ru.ru_maxrss, rss_limit_kib);
  return ok ? 0 : 1;
}
