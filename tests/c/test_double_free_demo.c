/*
 * NOT a test that should pass: a deliberate caller bug, freeing the same client twice, which the
 * C API cannot make safe (handles are raw pointers; see ffi-c/README.md, "Freeing twice, or using
 * a pointer after freeing it, is undefined behaviour"). tests/c/run-asan.sh builds it with
 * AddressSanitizer and checks that ASan stops it with "attempting double-free", i.e. that the
 * sanitizer runs really do watch the library's allocations. It is never run without ASan.
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
  puts("freed once; freeing again (caller bug)");
  fflush(stdout);
  govuk_notify_client_free(c); /* undefined behaviour: ASan must report it */
  puts("second free returned");
  return 0;
}
