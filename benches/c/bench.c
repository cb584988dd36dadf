/*
 * Benchmark driver for the C ABI (include/govuk_notify.h, libgovuk_notify.so).
 *
 * Usage: bench_c <scenario> <n> <warmup> <concurrency>
 * Scenarios: seq, conc (pthreads, one shared client), page, jwt (unavailable), rss, cold, none.
 * Server and key from the environment (BENCH_BASE_URL, BENCH_API_KEY, BENCH_TEMPLATE_ID,
 * BENCH_PHONE). Prints one JSON line (for cold/none only the peak RSS). Client CPU is
 * getrusage(RUSAGE_SELF) (every thread, including the library's runtime threads) around the
 * timed part only.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "govuk_notify.h"

static govuk_notify_client *client;
static char request[1024];

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* VmHWM of this process (not ru_maxrss, which on Linux includes the parent's RSS at fork). */
static long maxrss_kb(void) {
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
    fclose(f);
    return kb;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what, govuk_notify_result r, char *err) {
    printf("{\"ok\": false, \"error\": \"%s failed: %s\"}\n", what, govuk_notify_result_name(r));
    if (err) {
        fprintf(stderr, "%s\n", err);
        govuk_notify_string_free(err);
    }
    exit(1);
}

static void send_one(void) {
    char *out = NULL, *err = NULL;
    govuk_notify_result r = govuk_notify_send_sms(client, request, &out, &err);
    if (r != GOVUK_NOTIFY_RESULT_OK) fail("send_sms", r, err);
    govuk_notify_string_free(out);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void *worker(void *arg) {
    long share = (long)(size_t)arg;
    for (long i = 0; i < share; i++) send_one();
    return NULL;
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "none";
    long n = argc > 2 ? atol(argv[2]) : 1000;
    long warmup = argc > 3 ? atol(argv[3]) : 100;
    long conc = argc > 4 ? atol(argv[4]) : 1;
    if (conc < 1) conc = 1;
    if (strcmp(scenario, "none") == 0) {
        printf("{\"ok\": true, \"maxrss_kb\": %ld}\n", maxrss_kb());
        return 0;
    }

    const char *base_url = getenv("BENCH_BASE_URL");
    const char *key = getenv("BENCH_API_KEY");
    const char *template_id = getenv("BENCH_TEMPLATE_ID");
    const char *phone = getenv("BENCH_PHONE");
    if (!base_url || !key || !template_id || !phone) {
        printf("{\"ok\": false, \"error\": \"BENCH_* environment not set\"}\n");
        return 1;
    }
    if (strcmp(scenario, "jwt") == 0) {
        printf("{\"ok\": false, \"unavailable\": true, \"error\": \"the C ABI does not expose token "
               "creation (it uses the core's; see the core column)\"}\n");
        return 0;
    }
    char options[512];
    snprintf(options, sizeof options, "{\"base_url\": \"%s\"}", base_url);
    snprintf(request, sizeof request,
             "{\"phone_number\": \"%s\", \"template_id\": \"%s\", \"personalisation\": {\"name\": "
             "\"Amala\"}}",
             phone, template_id);
    char *err = NULL;
    govuk_notify_result r = govuk_notify_client_new(key, options, &client, &err);
    if (r != GOVUK_NOTIFY_RESULT_OK) fail("client_new", r, err);
    if (strcmp(scenario, "cold") == 0) {
        govuk_notify_client_free(client);
        printf("{\"ok\": true, \"maxrss_kb\": %ld}\n", maxrss_kb());
        return 0;
    }

    double c0, t0, wall, cpu;
    char extra[256] = "";
    if (strcmp(scenario, "page") == 0) {
        char *out = NULL;
        long items = 0;
        for (long i = 0; i < (warmup > 0 ? warmup : 1); i++) {
            r = govuk_notify_list_notifications(client, NULL, &out, &err);
            if (r != GOVUK_NOTIFY_RESULT_OK) fail("list_notifications", r, err);
            if (i == 0) {
                /* count the items without a JSON parser: each has exactly one "template": */
                for (const char *p = out; (p = strstr(p, "\"template\":")) != NULL; p++) items++;
            }
            govuk_notify_string_free(out);
        }
        c0 = cpu_seconds();
        t0 = now();
        for (long i = 0; i < n; i++) {
            r = govuk_notify_list_notifications(client, NULL, &out, &err);
            if (r != GOVUK_NOTIFY_RESULT_OK) fail("list_notifications", r, err);
            govuk_notify_string_free(out);
        }
        wall = now() - t0;
        cpu = cpu_seconds() - c0;
        snprintf(extra, sizeof extra, ", \"items\": %ld", items);
    } else if (strcmp(scenario, "seq") == 0 || strcmp(scenario, "rss") == 0) {
        for (long i = 0; i < warmup; i++) send_one();
        double *lat = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
        c0 = cpu_seconds();
        t0 = now();
        for (long i = 0; i < n; i++) {
            double t = now();
            send_one();
            lat[i] = (now() - t) * 1e6;
        }
        wall = now() - t0;
        cpu = cpu_seconds() - c0;
        if (strcmp(scenario, "seq") == 0 && n > 0) {
            double sum = 0;
            for (long i = 0; i < n; i++) sum += lat[i];
            qsort(lat, (size_t)n, sizeof(double), cmp_double);
            snprintf(extra, sizeof extra,
                     ", \"lat_mean_us\": %.3f, \"lat_p50_us\": %.3f, \"lat_p99_us\": %.3f", sum / n,
                     lat[(long)((n - 1) * 0.50 + 0.5)], lat[(long)((n - 1) * 0.99 + 0.5)]);
        }
        free(lat);
    } else if (strcmp(scenario, "conc") == 0) {
        for (long i = 0; i < warmup; i++) send_one();
        pthread_t *threads = malloc(sizeof(pthread_t) * (size_t)conc);
        c0 = cpu_seconds();
        t0 = now();
        for (long w = 0; w < conc; w++) {
            long share = n / conc + (w < n % conc ? 1 : 0);
            pthread_create(&threads[w], NULL, worker, (void *)(size_t)share);
        }
        for (long w = 0; w < conc; w++) pthread_join(threads[w], NULL);
        wall = now() - t0;
        cpu = cpu_seconds() - c0;
        free(threads);
    } else {
        printf("{\"ok\": false, \"error\": \"unknown scenario\"}\n");
        return 1;
    }
    printf("{\"ok\": true, \"n\": %ld, \"wall_s\": %.6f, \"cpu_s\": %.6f, \"maxrss_kb\": %ld%s}\n", n,
           wall, cpu, maxrss_kb(), extra);
    govuk_notify_client_free(client);
    return 0;
}
