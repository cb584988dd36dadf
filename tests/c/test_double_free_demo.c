/*
 * NOT a test that should pass: a deliberate caller bug, freeing the same returned *string* twice,
 * which the C API cannot make safe (strings are plain allocations; see ffi-c/README.md, "Freeing a
 * string or buffer twice, or using it after freeing it, is undefined behaviour"). Client and pager
 * handles are different: they are generation-checked, so freeing one twice is a harmless no-op,
 * which this program shows first. tests/c/run-asan.sh builds it with AddressSanitizer and checks
 * that the handle double free passes silently and ASan then stops the string double free (a
 * heap-use-after-free as the library measures the freed string, or "attempting double-free"),
 * i.e. that the sanitizer runs really do watch the library's allocations. It is never run without
 * ASan.
 */
#include <stdio.h>

#include "govuk_notify.h"

int main(void) {
  govuk_notify_client *c = NULL;
  govuk_notify_result r = govuk_notify_client_new(
      "demo-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
      "{\"base_url\":\"http://127.0.0.1:9\"}", &c, NULL);
  if (r != GOVUK_NOTIFY_RESULT_OK) return 2;
  govuk_notify_client_free(c);
  govuk_notify_client_free(c); /* a no-op: handles are checked */
  puts("client handle freed twice: no-op");

  char *err = NULL;
  r = govuk_notify_client_new("not a key", NULL, &c, &err);
  if (r == GOVUK_NOTIFY_RESULT_OK || err == NULL) return 3;
  govuk_notify_string_free(err);
  puts("string freed once; freeing again (caller bug)");
  fflush(stdout);
  govuk_notify_string_free(err); /* undefined behaviour: ASan must report it */
  puts("second free returned");
  return 0;
}
