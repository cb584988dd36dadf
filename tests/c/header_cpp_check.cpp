// The header must compile as C++ (extern "C" guards, a fixed-width result enum). run.sh compiles
// this file with `c++ -std=c++17 -fsyntax-only`; nothing is linked or run.
#include "govuk_notify.h"

#include <cstdio>

static_assert(sizeof(govuk_notify_result) == sizeof(uint32_t), "results are 32-bit");
static_assert(GOVUK_NOTIFY_RESULT_OK == 0, "OK is zero");

int main() {
  govuk_notify_client *client = nullptr;
  char *error_json = nullptr;
  govuk_notify_result r = govuk_notify_client_new("key", nullptr, &client, &error_json);
  std::printf("%s %s %s\n", GOVUK_NOTIFY_VERSION, govuk_notify_version(),
              govuk_notify_result_name(r));
  govuk_notify_string_free(error_json);
  govuk_notify_client_free(client);
  return r == GOVUK_NOTIFY_RESULT_OK ? 0 : 1;
}
