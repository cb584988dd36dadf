/*
 * The C part of `make demo`: sends a text, an email, an email with a file, a letter and a
 * precompiled letter through libgovuk_notify, then reads each notification's status.
 *
 *   cc -std=c11 -I include examples/c/demo.c -L target/debug -lgovuk_notify -o demo
 *   NOTIFY_API_KEY=... NOTIFY_BASE_URL=http://127.0.0.1:6011 LD_LIBRARY_PATH=target/debug ./demo
 *
 * Template ids are the simulator's defaults. Real code should build JSON with a JSON library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govuk_notify.h"

#define SMS_TEMPLATE "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define EMAIL_TEMPLATE "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8"
#define FILE_TEMPLATE "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9"
#define LETTER_TEMPLATE "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0"

typedef govuk_notify_result (*send_fn)(const govuk_notify_client *, const char *, char **, char **);

/* Copies the string value of the first "key": "..." in a JSON object into out (at most size-1
 * bytes; escapes are kept as written). Enough for ids, statuses and types, which Notify sends as
 * plain ASCII. Real code should parse JSON with a JSON library. */
static const char *json_string(const char *json, const char *key, char *out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\"", key);
  out[0] = '\0';
  const char *p = strstr(json, pattern);
  if (!p) return out;
  p += strlen(pattern);
  while (*p == ' ' || *p == ':') p++;
  if (*p != '"') return out;
  p++;
  size_t n = 0;
  while (p[n] && p[n] != '"' && n + 1 < size) n++;
  memcpy(out, p, n);
  out[n] = '\0';
  return out;
}

static void first_id(const char *json, char out[37]) { json_string(json, "id", out, 37); }

static int fail(const char *what, govuk_notify_result r, char *error_json) {
  fprintf(stderr, "[c] %s failed: %s\n%s\n", what, govuk_notify_result_name(r), error_json ? error_json : "");
  govuk_notify_string_free(error_json);
  return 1;
}

static int send(const govuk_notify_client *client, send_fn fn, const char *what, const char *request, char id[37]) {
  char *out = NULL, *err = NULL;
  govuk_notify_result r = fn(client, request, &out, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) return fail(what, r, err);
  first_id(out, id);
  printf("[c] %-12s %s\n", what, id);
  govuk_notify_string_free(out);
  return 0;
}

int main(void) {
  const char *key = getenv("NOTIFY_API_KEY"), *base = getenv("NOTIFY_BASE_URL");
  if (!key || !base) { fprintf(stderr, "set NOTIFY_API_KEY and NOTIFY_BASE_URL\n"); return 2; }
  char options[512], *err = NULL;
  snprintf(options, sizeof options, "{\"base_url\": \"%s\", \"user_agent_suffix\": \"demo\"}", base);
  govuk_notify_client *client = NULL;
  govuk_notify_result r = govuk_notify_client_new(key, options, &client, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) return fail("client_new", r, err);

  char ids[5][37];
  int bad = 0;
  bad |= send(client, govuk_notify_send_sms, "text message",
              "{\"phone_number\":\"07700900123\",\"template_id\":\"" SMS_TEMPLATE "\",\"personalisation\":{\"name\":\"C\"}}", ids[0]);
  bad |= send(client, govuk_notify_send_email, "email",
              "{\"email_address\":\"c@example.com\",\"template_id\":\"" EMAIL_TEMPLATE "\",\"personalisation\":{\"name\":\"C\"}}", ids[1]);

  /* A file: prepare_upload gives the personalisation object. */
  static const unsigned char csv[] = "name,score\nC,10\n";
  char *file = NULL;
  r = govuk_notify_prepare_upload(csv, sizeof csv - 1, "{\"filename\":\"report.csv\"}", &file, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) return fail("prepare_upload", r, err);
  char *request = malloc(strlen(file) + 256);
  sprintf(request, "{\"email_address\":\"c@example.com\",\"template_id\":\"" FILE_TEMPLATE "\",\"personalisation\":{\"link_to_file\":%s}}", file);
  govuk_notify_string_free(file);
  bad |= send(client, govuk_notify_send_email, "file email", request, ids[2]);
  free(request);

  bad |= send(client, govuk_notify_send_letter, "letter",
              "{\"template_id\":\"" LETTER_TEMPLATE "\",\"personalisation\":{\"address_line_1\":\"C Example\","
              "\"address_line_2\":\"1 Example Street\",\"address_line_3\":\"London\",\"postcode\":\"SW1A 1AA\",\"name\":\"C\"}}", ids[3]);

  FILE *pdf = fopen("core/tests/data/fixtures/letter.pdf", "rb");
  if (!pdf) { perror("letter.pdf"); return 1; }
  unsigned char buf[65536];
  size_t len = fread(buf, 1, sizeof buf, pdf);
  fclose(pdf);
  char *out = NULL;
  r = govuk_notify_send_precompiled_letter_bytes(client, "demo-c-precompiled", buf, len, "second", &out, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) return fail("precompiled letter", r, err);
  first_id(out, ids[4]);
  printf("[c] %-12s %s\n", "precompiled", ids[4]);
  govuk_notify_string_free(out);

  for (int i = 0; i < 5; i++) {
    char req[128];
    snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", ids[i]);
    r = govuk_notify_get_notification(client, req, &out, &err);
    if (r != GOVUK_NOTIFY_RESULT_OK) return fail("get_notification", r, err);
    char status[64], type[16];
    json_string(out, "status", status, sizeof status);
    json_string(out, "type", type, sizeof type);
    printf("[c] status       %s  %-6s %s\n", ids[i], type, status);
    govuk_notify_string_free(out);
  }

  /* A typed error: a bad template id is refused before anything is sent. */
  r = govuk_notify_send_sms(client, "{\"phone_number\":\"07700900123\",\"template_id\":\"nope\"}", &out, &err);
  char kind[32], field[64];
  printf("[c] refused      %s (kind %s, field %s): nothing was sent\n", govuk_notify_result_name(r),
         json_string(err, "kind", kind, sizeof kind), json_string(err, "field", field, sizeof field));
  govuk_notify_string_free(err);

  govuk_notify_client_free(client);
  return bad;
}
