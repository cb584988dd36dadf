/*
 * Receives GOV.UK Notify's callbacks over plain POSIX sockets: checks the bearer token with
 * govuk_notify_callback_verify_bearer_token() (401 if wrong), parses the body with
 * govuk_notify_callback_parse_delivery_receipt() / _parse_received_text() (400 if it is not the
 * payload expected) and prints each callback accepted as one line: its kind, a space, and the
 * parsed JSON.
 *
 *   cc -std=c11 -I include examples/c/callback_receiver.c -L target/debug -lgovuk_notify -o receiver
 *   NOTIFY_CALLBACK_TOKEN=my-token ./receiver 8000
 *
 * then configure http://<host>:8000/notify/delivery-receipts and
 * http://<host>:8000/notify/received-texts in Notify. Port 0 picks a free port; the first line
 * printed is the address it listens on. One request per connection, one connection at a time: a
 * demonstration of the three calls, not a production HTTP server.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "govuk_notify.h"

#define MAX_REQUEST 65536

/* The value of header `name` in the NUL-terminated header block, copied into `out` (at most
 * `cap` - 1 bytes); returns 0 when the header is absent or too long. */
static int header_value(const char *headers, const char *name, char *out, size_t cap) {
  size_t n = strlen(name);
  for (const char *line = strstr(headers, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
    const char *start = line + 2;
    if (strncasecmp(start, name, n) != 0 || start[n] != ':') continue;
    const char *v = start + n + 1;
    while (*v == ' ' || *v == '\t') v++;
    const char *end = strstr(v, "\r\n");
    size_t len = end ? (size_t)(end - v) : strlen(v);
    if (len >= cap) return 0;
    memcpy(out, v, len);
    out[len] = '\0';
    return 1;
  }
  return 0;
}

/* Reads one request into `buf`; returns 0 on success with the header block NUL-terminated and
 * `*body`, `*body_len` set. */
static int read_request(int fd, char *buf, size_t cap, char **body, size_t *body_len) {
  size_t got = 0;
  char *end = NULL;
  while (!end) {
    if (got + 1 >= cap) return -1;
    ssize_t r = recv(fd, buf + got, cap - 1 - got, 0);
    if (r <= 0) return -1;
    got += (size_t)r;
    buf[got] = '\0';
    end = strstr(buf, "\r\n\r\n");
  }
  end[2] = '\0'; /* keep the last header's CRLF, end the block there */
  char length[32];
  size_t want = header_value(buf, "Content-Length", length, sizeof length) ? strtoul(length, NULL, 10) : 0;
  *body = end + 4;
  size_t have = got - (size_t)(*body - buf);
  if (want > cap - 1 - (size_t)(*body - buf)) return -1;
  while (have < want) {
    ssize_t r = recv(fd, *body + have, want - have, 0);
    if (r <= 0) return -1;
    have += (size_t)r;
  }
  *body_len = want;
  return 0;
}

static void respond(int fd, int status, const char *reason) {
  char head[128];
  int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   status, reason);
  if (n > 0 && write(fd, head, (size_t)n) < 0) perror("write");
}

static void handle(int fd, const char *token) {
  static char buf[MAX_REQUEST];
  char *body = NULL;
  size_t body_len = 0;
  if (read_request(fd, buf, sizeof buf, &body, &body_len) != 0) {
    respond(fd, 400, "Bad Request");
    return;
  }
  char method[8] = "", path[128] = "";
  if (sscanf(buf, "%7s %127s", method, path) != 2) {
    respond(fd, 400, "Bad Request");
    return;
  }
  int receipt = strcmp(path, "/notify/delivery-receipts") == 0;
  if (!receipt && strcmp(path, "/notify/received-texts") != 0) {
    respond(fd, 404, "Not Found");
    return;
  }
  if (strcmp(method, "POST") != 0) {
    respond(fd, 405, "Method Not Allowed");
    return;
  }
  char authorization[1024];
  if (!header_value(buf, "Authorization", authorization, sizeof authorization) ||
      !govuk_notify_callback_verify_bearer_token(authorization, token)) {
    respond(fd, 401, "Unauthorized");
    return;
  }
  char *json = NULL, *error = NULL;
  govuk_notify_result r =
      receipt ? govuk_notify_callback_parse_delivery_receipt((const uint8_t *)body, body_len, &json, &error)
              : govuk_notify_callback_parse_received_text((const uint8_t *)body, body_len, &json, &error);
  if (r != GOVUK_NOTIFY_RESULT_OK) {
    fprintf(stderr, "refused a callback body: %s\n", error ? error : "");
    govuk_notify_string_free(error);
    respond(fd, 400, "Bad Request");
    return;
  }
  /* Your code here: json has exactly the documented fields. */
  printf("%s %s\n", receipt ? "delivery_receipt" : "received_text", json);
  fflush(stdout);
  govuk_notify_string_free(json);
  respond(fd, 200, "OK");
}

int main(int argc, char **argv) {
  const char *token = getenv("NOTIFY_CALLBACK_TOKEN");
  if (!token || !*token) {
    fprintf(stderr, "set NOTIFY_CALLBACK_TOKEN to the callback token configured in Notify\n");
    return 2;
  }
  int port = argc > 1 ? atoi(argv[1]) : 8000;
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t addr_len = sizeof addr;
  if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(server, 16) != 0 ||
      getsockname(server, (struct sockaddr *)&addr, &addr_len) != 0) {
    perror("listen");
    return 1;
  }
  printf("listening on http://127.0.0.1:%d\n", ntohs(addr.sin_port));
  fflush(stdout);
  for (;;) {
    int fd = accept(server, NULL, NULL);
    if (fd < 0) continue;
    handle(fd, token);
    close(fd);
  }
}
