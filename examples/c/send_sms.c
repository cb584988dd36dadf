/*
 * Sends one text message with libgovuk_notify and prints the new notification's id and status.
 *
 *   cc -std=c11 -I include examples/c/send_sms.c -L target/debug -lgovuk_notify -o send_sms
 *   NOTIFY_API_KEY=... ./send_sms 07700900123 <template id> [name]
 *
 * NOTIFY_BASE_URL (optional) points the client at another server, such as the simulator.
 * Build the library with `cargo build -p govuk-notify-ffi`; run with
 * LD_LIBRARY_PATH=target/debug when linking the shared library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govuk_notify.h"

/* Prints a failed call's result and error report, frees the report, and returns 1. */
static int report(const char *what, govuk_notify_result result, char *error_json) {
  fprintf(stderr, "%s failed: %s (%u)%s\n%s\n", what, govuk_notify_result_name(result),
          (unsigned)result,
          govuk_notify_result_is_retryable(result) ? " - may succeed if tried later" : "",
          error_json ? error_json : "");
  govuk_notify_string_free(error_json);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PHONE_NUMBER TEMPLATE_ID [NAME]\n", argv[0]);
    return 2;
  }
  const char *api_key = getenv("NOTIFY_API_KEY");
  const char *base_url = getenv("NOTIFY_BASE_URL");
  if (api_key == NULL) {
    fprintf(stderr, "set NOTIFY_API_KEY\n");
    return 2;
  }

  /* Options are JSON; NULL means the defaults (the production API). Real code should build JSON
   * with a JSON library rather than printf, so that values are escaped. */
  char options[512];
  if (base_url) snprintf(options, sizeof options, "{\"base_url\": \"%s\"}", base_url);

  govuk_notify_client *client = NULL;
  char *error_json = NULL;
  govuk_notify_result result =
      govuk_notify_client_new(api_key, base_url ? options : NULL, &client, &error_json);
  if (result != GOVUK_NOTIFY_RESULT_OK) return report("govuk_notify_client_new", result, error_json);

  char request[1024];
  snprintf(request, sizeof request,
           "{\"phone_number\": \"%s\", \"template_id\": \"%s\", "
           "\"personalisation\": {\"name\": \"%s\"}, \"reference\": \"example-send-sms\"}",
           argv[1], argv[2], argc > 3 ? argv[3] : "there");

  /* On success, response_json is the body Notify returned; we own it until string_free. */
  char *response_json = NULL;
  result = govuk_notify_send_sms(client, request, &response_json, &error_json);
  if (result != GOVUK_NOTIFY_RESULT_OK) {
    govuk_notify_client_free(client);
    return report("govuk_notify_send_sms", result, error_json);
  }
  printf("sent: %s\n", response_json);
  govuk_notify_string_free(response_json);

  govuk_notify_client_free(client);
  return 0;
}
