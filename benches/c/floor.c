/*
 * The floor for the sequential scenario: one HTTP request written and its response read on one
 * blocking socket, with no HTTP client, JSON or token at all. What any client's sequential send
 * costs at least on this machine and server (the kernel's share of a round trip over loopback).
 *
 * Usage: floor seq <n> <warmup>   (BENCH_BASE_URL=http://127.0.0.1:PORT). Prints one JSON line.
 * Assumes the server answers each request in one read (bench-server's responses are small).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int round_trip(int s, const char *req, int len, char *buf, size_t cap) {
    if (write(s, req, (size_t)len) != len) return -1;
    return read(s, buf, cap) > 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "seq") != 0) {
        printf("{\"ok\": false, \"unavailable\": true, \"error\": \"the floor has only seq\"}\n");
        return 0;
    }
    long n = argc > 2 ? atol(argv[2]) : 1000, warmup = argc > 3 ? atol(argv[3]) : 100;
    const char *base = getenv("BENCH_BASE_URL");
    const char *colon = base ? strrchr(base, ':') : NULL;
    if (!colon) {
        printf("{\"ok\": false, \"error\": \"BENCH_BASE_URL not set\"}\n");
        return 1;
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(colon + 1));
    a.sin_addr.s_addr = htonl(0x7f000001);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
        printf("{\"ok\": false, \"error\": \"connect failed\"}\n");
        return 1;
    }
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const char *body = "{\"phone_number\": \"07700900111\", \"template_id\": "
                       "\"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\", \"personalisation\": {\"name\": \"Amala\"}}";
    char req[1024], buf[65536];
    int len = snprintf(req, sizeof req,
                       "POST /v2/notifications/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                       "application/json\r\nContent-Length: %zu\r\n\r\n%s",
                       strlen(body), body);
    for (long i = 0; i < warmup; i++)
        if (round_trip(s, req, len, buf, sizeof buf)) return 1;
    double c0 = cpu_seconds(), t0 = now();
    for (long i = 0; i < n; i++)
        if (round_trip(s, req, len, buf, sizeof buf)) return 1;
    double wall = now() - t0, cpu = cpu_seconds() - c0;
    printf("{\"ok\": true, \"n\": %ld, \"wall_s\": %.6f, \"cpu_s\": %.6f, \"maxrss_kb\": 0}\n", n, wall, cpu);
    close(s);
    return 0;
}
