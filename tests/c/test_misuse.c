/*
 * Misuse that the documented API makes safe (ffi-c/README.md "Ownership", and each function's
 * header comment), run natively, under AddressSanitizer + UBSan and under valgrind by
 * tests/c/run-asan.sh. Every case here is allowed by the documentation, so any crash, invalid
 * access, double free or leak the sanitizers report is a library bug:
 *
 *  - every free function accepts NULL (and govuk_notify_bytes_free(NULL, n) ignores n);
 *  - out-parameters are NULL (lengths 0) after a failure, whatever they held before, so the common
 *    "always free every out-parameter" cleanup never frees garbage or frees twice;
 *  - out_error_json may be NULL, and then nothing is allocated for the report;
 *  - strings and buffers the library returned do not depend on the client: they stay valid after
 *    it is freed and are freed on their own;
 *  - a pager keeps its own reference to the client's pool: it may be used, walked to the end and
 *    freed after its client is freed, including while another thread is inside next_page;
 *  - a finished pager keeps returning NULL without sending anything;
 *  - static strings (version, result names and kinds) are the same pointers on every call;
 *  - client and pager handles are generation-checked tokens, not addresses: freeing one twice is
 *    a no-op, and a call given a freed handle, a handle of the other type or a made-up value
 *    returns GOVUK_NOTIFY_RESULT_INVALID_HANDLE (naming the parameter) instead of touching
 *    memory; freeing a client while another thread is inside a call with it lets that call finish;
 *  - one slot passed as both out_json and out_error_json ends up holding exactly one string.
 *
 * What the API still cannot make safe — freeing a *string* or *buffer* twice, or reading one after
 * freeing it — is undefined behaviour, as the README says; run-asan.sh shows separately
 * (test_double_free_demo.c) that AddressSanitizer reports such a caller bug.
 */
#include "test_util.h" /* first: it sets _POSIX_C_SOURCE for the system headers */

#include <pthread.h>
#include <time.h>

#define GARBAGE ((char *)0x1) /* what an uninitialised out-parameter might hold */

static govuk_notify_client *client;

static void test_every_free_accepts_null(void) {
  govuk_notify_string_free(NULL);
  govuk_notify_bytes_free(NULL, 0);
  govuk_notify_bytes_free(NULL, 12345); /* "A NULL data is a no-op", whatever the length */
  govuk_notify_client_free(NULL);
  govuk_notify_pager_free(NULL);
  /* Twice in a row, too: NULL stays a no-op. */
  govuk_notify_string_free(NULL);
  govuk_notify_client_free(NULL);
  govuk_notify_pager_free(NULL);
}

static void test_outputs_are_null_after_failure_so_freeing_them_is_safe(void) {
  /* Argument failure: nothing sent. */
  char *out = GARBAGE, *err = GARBAGE;
  govuk_notify_result r = govuk_notify_send_sms(client, "{\"phone_number\":", &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_JSON, err);
  CHECK(out == NULL);
  CHECK(err != NULL && err != GARBAGE);
  govuk_notify_string_free(out); /* the "free everything" cleanup: a no-op */
  govuk_notify_string_free(err);

  /* Server failure (404). */
  out = GARBAGE;
  err = GARBAGE;
  r = govuk_notify_get_notification(client, "{\"notification_id\":\"8fef167e-9229-481d-97bb-59e41a2dbc60\"}",
                                    &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_NOT_FOUND, err);
  CHECK(out == NULL);
  govuk_notify_string_free(out);
  govuk_notify_string_free(err);

  /* Byte buffers: data NULL and length 0 after failure. */
  uint8_t *data = (uint8_t *)GARBAGE;
  size_t len = 999;
  err = GARBAGE;
  r = govuk_notify_get_pdf_for_letter(client, "{\"notification_id\":\"not-a-uuid\"}", &data, &len, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(data == NULL && len == 0);
  govuk_notify_bytes_free(data, len);
  govuk_notify_string_free(err);

  /* Handles: NULL after failure. */
  govuk_notify_client *c = (govuk_notify_client *)GARBAGE;
  err = GARBAGE;
  r = govuk_notify_client_new("not a key", NULL, &c, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(c == NULL);
  govuk_notify_client_free(c);
  govuk_notify_string_free(err);

  govuk_notify_pager *p = (govuk_notify_pager *)GARBAGE;
  err = GARBAGE;
  r = govuk_notify_notifications_iter_new(client, "{\"status\":\"nonsense\"}", &p, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, err);
  CHECK(p == NULL);
  govuk_notify_pager_free(p);
  govuk_notify_string_free(err);

  /* A required out-parameter that is NULL is an argument error, not a crash. */
  err = GARBAGE;
  r = govuk_notify_list_templates(client, NULL, NULL, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_NULL_PARAMETER, err);
  govuk_notify_string_free(err);
}

static void test_error_report_is_null_after_success(void) {
  char *out = NULL, *err = GARBAGE;
  govuk_notify_result r = govuk_notify_list_templates(client, NULL, &out, &err);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  CHECK(err == NULL);
  CHECK(out != NULL);
  govuk_notify_string_free(err);
  govuk_notify_string_free(out);
}

static void test_null_error_out_allocates_nothing(void) {
  /* Many failures with out_error_json = NULL: the sanitizers' leak check would see any report
   * allocated and dropped. */
  for (int i = 0; i < 50; i++) {
    char *out = GARBAGE;
    CHECK(govuk_notify_send_email(client, "{\"bogus\":1}", &out, NULL) == GOVUK_NOTIFY_RESULT_UNKNOWN_FIELD);
    CHECK(out == NULL);
    CHECK(govuk_notify_get_template(client, "\xff\xfe", &out, NULL) == GOVUK_NOTIFY_RESULT_INVALID_UTF8);
    CHECK(govuk_notify_get_template(NULL, "{}", &out, NULL) == GOVUK_NOTIFY_RESULT_NULL_PARAMETER);
  }
}

static void test_returned_strings_outlive_their_client(void) {
  govuk_notify_client *c = new_client(NULL, NULL);
  char *ok = NULL, *err = NULL, *missing = GARBAGE, *failure = NULL, *upload = NULL;
  CHECK_RESULT(govuk_notify_list_templates(c, NULL, &ok, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(govuk_notify_get_template(c, "{\"template_id\":\"8fef167e-9229-481d-97bb-59e41a2dbc60\"}", &missing,
                                  &failure) == GOVUK_NOTIFY_RESULT_NOT_FOUND);
  CHECK(missing == NULL);
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)"a,b\n", 4, NULL, &upload, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_client_free(c);
  /* Read every byte after the client is gone (the sanitizers check each access). */
  CHECK(ok != NULL && json_len(ok, "templates") > 0);
  CHECK(failure != NULL && json_str_eq(failure, "kind", "not_found"));
  CHECK(upload != NULL && json_str_eq(upload, "file", "YSxiCg=="));
  govuk_notify_string_free(ok);
  govuk_notify_string_free(failure);
  govuk_notify_string_free(upload);
}

static void send_some(int n) {
  for (int i = 0; i < n; i++) {
    char req[256], *out = NULL, *err = NULL;
    snprintf(req, sizeof req, "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"m\"}}",
             env("GN_TPL_SMS"));
    CHECK_RESULT(govuk_notify_send_sms(client, req, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
    govuk_notify_string_free(out);
    govuk_notify_string_free(err);
  }
}

static void test_pager_used_and_freed_after_its_client(void) {
  sim_reset();
  send_some(7); /* three pages of 3, 3, 1 with --page-size 3 */
  govuk_notify_client *c = new_client(NULL, NULL);
  govuk_notify_pager *a = NULL, *b = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(c, NULL, &a, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK_RESULT(govuk_notify_received_texts_iter_new(c, NULL, &b, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_client_free(c);
  c = NULL;

  /* Walk the whole list after the client is gone. */
  int pages = 0, items = 0;
  for (;;) {
    char *page = GARBAGE;
    govuk_notify_result r = govuk_notify_pager_next_page(a, &page, &err);
    CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
    if (r != GOVUK_NOTIFY_RESULT_OK) {
      govuk_notify_string_free(err);
      break;
    }
    if (page == NULL) break;
    pages++;
    items += json_len(page, "notifications");
    govuk_notify_string_free(page);
    if (pages > 10) break;
  }
  CHECK(pages == 3 && items == 7);

  /* The finished pager sends nothing more. */
  int before = sim_request_count();
  for (int i = 0; i < 3; i++) {
    char *page = GARBAGE;
    CHECK_RESULT(govuk_notify_pager_next_page(a, &page, NULL), GOVUK_NOTIFY_RESULT_OK, NULL);
    CHECK(page == NULL);
  }
  CHECK(sim_request_count() == before);

  /* An empty list ends at once; freeing in either order is fine. */
  char *page = GARBAGE;
  CHECK_RESULT(govuk_notify_pager_next_page(b, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(page == NULL);
  govuk_notify_pager_free(b);
  govuk_notify_pager_free(a);
}

struct walker {
  govuk_notify_pager *pager;
  govuk_notify_result result;
  int got_page;
};

static void *walk_one_page(void *arg) {
  struct walker *w = arg;
  char *page = NULL, *err = NULL;
  w->result = govuk_notify_pager_next_page(w->pager, &page, &err);
  w->got_page = page != NULL;
  govuk_notify_string_free(page);
  govuk_notify_string_free(err);
  return NULL;
}

static void test_client_freed_while_its_pager_is_mid_request(void) {
  sim_reset();
  send_some(2);
  /* The next page request is held by the simulator for 400 ms. */
  sim_fault("{\"method\":\"GET\",\"path_prefix\":\"/v2/notifications\",\"action\":\"delay\",\"delay_ms\":400,\"times\":1}");
  govuk_notify_client *c = new_client(NULL, NULL);
  struct walker w = {NULL, GOVUK_NOTIFY_RESULT_PANIC, 0};
  char *err = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(c, NULL, &w.pager, &err), GOVUK_NOTIFY_RESULT_OK, err);
  pthread_t t;
  CHECK(pthread_create(&t, NULL, walk_one_page, &w) == 0);
  struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, NULL);
  /* Documented: the pager does not need the client handle; only the pager must be idle to free. */
  govuk_notify_client_free(c);
  pthread_join(t, NULL);
  CHECK_RESULT(w.result, GOVUK_NOTIFY_RESULT_OK, NULL);
  CHECK(w.got_page);
  govuk_notify_pager_free(w.pager);
  sim_clear_faults();
}

static void test_static_strings_are_stable_and_never_freed(void) {
  CHECK(govuk_notify_version() == govuk_notify_version());
  for (unsigned r = 0; r < 10000; r += 7) {
    const char *name = govuk_notify_result_name(r);
    const char *kind = govuk_notify_result_kind(r);
    CHECK(name != NULL && kind != NULL);
    CHECK(name == govuk_notify_result_name(r));
    CHECK(kind == govuk_notify_result_kind(r));
  }
  CHECK(govuk_notify_result_name(0xFFFFFFFFu) != NULL);
}

static void test_same_pointer_for_output_and_error(void) {
  /* The header does not forbid passing one slot as both out_json and out_error_json. Contract:
   * whatever the outcome, the slot ends up holding exactly one string (the response or the report)
   * to free, with no leak or double free. The library writes out-parameters through raw pointers
   * (never a Rust `&mut`), so two aliased out-parameters are sound on the Rust side too. */
  char *slot = GARBAGE;
  govuk_notify_result r = govuk_notify_list_templates(client, NULL, &slot, &slot);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, NULL);
  CHECK(slot != NULL && slot != GARBAGE && json_len(slot, "templates") > 0);
  govuk_notify_string_free(slot);
  slot = GARBAGE;
  r = govuk_notify_list_templates(client, "{\"template_type\":\"fax\"}", &slot, &slot);
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_VALUE, slot);
  CHECK(slot != NULL && slot != GARBAGE && json_str_eq(slot, "kind", "argument"));
  govuk_notify_string_free(slot);
}

static void test_inputs_may_be_freed_right_after_the_call(void) {
  /* "The library keeps nothing you pass in": inputs on the heap, freed (and poisoned by ASan)
   * immediately; later calls through the same client must not touch them. */
  char *key = strdup(env("GN_KEY_TEST"));
  char *options = malloc(256);
  snprintf(options, 256, "{\"base_url\":\"%s\",\"user_agent_suffix\":\"misuse/1\"}", env("GN_BASE_URL"));
  govuk_notify_client *c = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_client_new(key, options, &c, &err), GOVUK_NOTIFY_RESULT_OK, err);
  memset(key, 'x', strlen(key));
  free(key);
  free(options);
  char *filter = strdup("{\"status\":[\"delivered\",\"sending\"]}");
  govuk_notify_pager *p = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(c, filter, &p, &err), GOVUK_NOTIFY_RESULT_OK, err);
  free(filter);
  char *page = NULL;
  CHECK_RESULT(govuk_notify_pager_next_page(p, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(page);
  char *out = NULL;
  CHECK_RESULT(govuk_notify_list_templates(c, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  govuk_notify_pager_free(p);
  govuk_notify_client_free(c);
}

/* Checks that `r` is INVALID_HANDLE with an argument report naming `param`, and frees it. */
static void check_invalid_handle(govuk_notify_result r, char *err, const char *param) {
  CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_INVALID_HANDLE, err);
  CHECK(err != NULL && err != GARBAGE);
  if (err != NULL && err != GARBAGE) {
    CHECK(json_str_eq(err, "kind", "argument"));
    CHECK(json_str_eq(err, "result", "invalid_handle"));
    CHECK(json_str_eq(err, "field", param));
    CHECK(json_int(err, "code", 0) == 1007);
    govuk_notify_string_free(err);
  }
}

/* Makes the call first, then checks (function arguments are evaluated in no fixed order). */
#define CHECK_INVALID_HANDLE(call, err, param)                                                     \
  do {                                                                                             \
    govuk_notify_result r_ = (call);                                                               \
    check_invalid_handle(r_, (err), (param));                                                      \
  } while (0)

/* Every client entry point given `c`, which must not be a live client: all refuse it, none sends. */
static void check_every_call_refuses_client(govuk_notify_client *c) {
  int before = sim_request_count();
  char *out, *err;
#define REFUSED(call)                                                                              \
  do {                                                                                             \
    out = GARBAGE;                                                                                 \
    err = GARBAGE;                                                                                 \
    CHECK_INVALID_HANDLE(call, err, "client");                                                     \
    CHECK(out == NULL);                                                                            \
  } while (0)
  char sms[256];
  snprintf(sms, sizeof sms, "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  REFUSED(govuk_notify_send_sms(c, sms, &out, &err));
  REFUSED(govuk_notify_send_email(c, "{\"email_address\":\"a@b.c\",\"template_id\":\"8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"}", &out, &err));
  REFUSED(govuk_notify_send_letter(c, "{}", &out, &err));
  REFUSED(govuk_notify_send_precompiled_letter(c, "{}", &out, &err));
  REFUSED(govuk_notify_send_precompiled_letter_bytes(c, "ref", (const uint8_t *)"%PDF", 4, NULL, &out, &err));
  REFUSED(govuk_notify_get_notification(c, "{}", &out, &err));
  REFUSED(govuk_notify_list_notifications(c, NULL, &out, &err));
  REFUSED(govuk_notify_get_template(c, "{}", &out, &err));
  REFUSED(govuk_notify_get_template_version(c, "{}", &out, &err));
  REFUSED(govuk_notify_list_templates(c, NULL, &out, &err));
  REFUSED(govuk_notify_preview_template(c, "{}", &out, &err));
  REFUSED(govuk_notify_list_received_texts(c, NULL, &out, &err));
#undef REFUSED
  uint8_t *data = (uint8_t *)GARBAGE;
  size_t len = 7;
  err = GARBAGE;
  CHECK_INVALID_HANDLE(govuk_notify_get_pdf_for_letter(c, "{}", &data, &len, &err), err, "client");
  CHECK(data == NULL && len == 0);
  govuk_notify_pager *p = (govuk_notify_pager *)GARBAGE;
  err = GARBAGE;
  CHECK_INVALID_HANDLE(govuk_notify_notifications_iter_new(c, NULL, &p, &err), err, "client");
  CHECK(p == NULL);
  p = (govuk_notify_pager *)GARBAGE;
  err = GARBAGE;
  CHECK_INVALID_HANDLE(govuk_notify_received_texts_iter_new(c, NULL, &p, &err), err, "client");
  CHECK(p == NULL);
  /* Without an error slot: the code alone, nothing allocated. */
  out = GARBAGE;
  CHECK(govuk_notify_list_templates(c, NULL, &out, NULL) == GOVUK_NOTIFY_RESULT_INVALID_HANDLE);
  CHECK(out == NULL);
  CHECK(sim_request_count() == before);
}

static void test_client_double_free_and_use_after_free(void) {
  govuk_notify_client *c = new_client(NULL, NULL);
  char *out = NULL, *err = NULL;
  CHECK_RESULT(govuk_notify_list_templates(c, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  govuk_notify_client_free(c);
  govuk_notify_client_free(c); /* a no-op, not a double free */
  govuk_notify_client_free(c);
  check_every_call_refuses_client(c);

  /* A new client may reuse the library's slot; the old handle stays dead and differs. */
  govuk_notify_client *d = new_client(NULL, NULL);
  CHECK(d != c);
  check_every_call_refuses_client(c);
  govuk_notify_client_free(c); /* still a no-op: must not free d */
  out = NULL;
  CHECK_RESULT(govuk_notify_list_templates(d, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  govuk_notify_client_free(d);
  govuk_notify_client_free(d);
}

static void test_pager_double_free_and_use_after_free(void) {
  govuk_notify_pager *p = NULL;
  char *err = NULL, *page = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, NULL, &p, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK_RESULT(govuk_notify_pager_next_page(p, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(page);
  govuk_notify_pager_free(p);
  govuk_notify_pager_free(p);
  int before = sim_request_count();
  for (int i = 0; i < 3; i++) {
    page = GARBAGE;
    err = GARBAGE;
    CHECK_INVALID_HANDLE(govuk_notify_pager_next_page(p, &page, &err), err, "pager");
    CHECK(page == NULL);
  }
  CHECK(sim_request_count() == before);
  govuk_notify_pager_free(p);
}

static void test_made_up_and_mixed_up_handles(void) {
  /* Values a buggy program might pass: small integers, a stack address, a heap address, all ones,
   * and near-misses of a real handle (other generation bits). None may be dereferenced or freed. */
  int on_stack = 0;
  void *on_heap = malloc(64);
  govuk_notify_client *live = new_client(NULL, NULL);
  uintptr_t values[] = {1, 8, 0x1000, (uintptr_t)&on_stack, (uintptr_t)on_heap, UINTPTR_MAX,
                        (uintptr_t)live + ((uintptr_t)1 << 24), (uintptr_t)live ^ ((uintptr_t)1 << 30)};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    govuk_notify_client *c = (govuk_notify_client *)values[i];
    govuk_notify_pager *p = (govuk_notify_pager *)values[i];
    check_every_call_refuses_client(c);
    char *page = GARBAGE, *err = GARBAGE;
    CHECK_INVALID_HANDLE(govuk_notify_pager_next_page(p, &page, &err), err, "pager");
    CHECK(page == NULL);
    govuk_notify_client_free(c); /* no-ops */
    govuk_notify_pager_free(p);
  }
  /* The heap block was never touched or freed by the library (ASan would see a foreign free). */
  memset(on_heap, 0, 64);
  free(on_heap);

  /* A pager handle where a client is expected, and the other way round. */
  govuk_notify_pager *p = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(live, NULL, &p, &err), GOVUK_NOTIFY_RESULT_OK, err);
  check_every_call_refuses_client((govuk_notify_client *)p);
  char *page = GARBAGE;
  err = GARBAGE;
  CHECK_INVALID_HANDLE(govuk_notify_pager_next_page((govuk_notify_pager *)live, &page, &err), err, "pager");
  govuk_notify_client_free((govuk_notify_client *)p); /* no-op: not a client */
  govuk_notify_pager_free((govuk_notify_pager *)live); /* no-op: not a pager */
  /* Both are still live. */
  page = NULL;
  CHECK_RESULT(govuk_notify_pager_next_page(p, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(page);
  char *out = NULL;
  CHECK_RESULT(govuk_notify_list_templates(live, NULL, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  govuk_notify_pager_free(p);
  govuk_notify_client_free(live);
}

struct sender {
  govuk_notify_client *client;
  govuk_notify_result result;
};

static void *send_one(void *arg) {
  struct sender *s = arg;
  char req[256], *out = NULL, *err = NULL;
  snprintf(req, sizeof req, "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"m\"}}",
           env("GN_TPL_SMS"));
  s->result = govuk_notify_send_sms(s->client, req, &out, &err);
  govuk_notify_string_free(out);
  govuk_notify_string_free(err);
  return NULL;
}

static void test_client_freed_while_another_thread_is_mid_call(void) {
  /* The send is held by the simulator for 400 ms; the client is freed after 100 ms. The call in
   * progress keeps its own reference and completes; later calls are refused. */
  sim_clear_faults();
  sim_fault("{\"method\":\"POST\",\"path_prefix\":\"/v2/notifications/sms\",\"action\":\"delay\",\"delay_ms\":400,\"times\":1}");
  struct sender s = {new_client(NULL, NULL), GOVUK_NOTIFY_RESULT_PANIC};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, send_one, &s) == 0);
  struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, NULL);
  govuk_notify_client_free(s.client);
  pthread_join(t, NULL);
  CHECK_RESULT(s.result, GOVUK_NOTIFY_RESULT_OK, NULL);
  send_one(&s);
  CHECK_RESULT(s.result, GOVUK_NOTIFY_RESULT_INVALID_HANDLE, NULL);
  sim_clear_faults();
}

int main(void) {
  client = new_client(NULL, "\"retry\":{\"max_retries\":0}");
  RUN(test_every_free_accepts_null);
  RUN(test_outputs_are_null_after_failure_so_freeing_them_is_safe);
  RUN(test_error_report_is_null_after_success);
  RUN(test_null_error_out_allocates_nothing);
  RUN(test_returned_strings_outlive_their_client);
  RUN(test_pager_used_and_freed_after_its_client);
  RUN(test_client_freed_while_its_pager_is_mid_request);
  RUN(test_static_strings_are_stable_and_never_freed);
  RUN(test_same_pointer_for_output_and_error);
  RUN(test_inputs_may_be_freed_right_after_the_call);
  RUN(test_client_double_free_and_use_after_free);
  RUN(test_pager_double_free_and_use_after_free);
  RUN(test_made_up_and_mixed_up_handles);
  RUN(test_client_freed_while_another_thread_is_mid_call);
  govuk_notify_client_free(client);
  govuk_notify_client_free(client); /* the process's last client, freed twice: a no-op */
  return finish("test_misuse");
}
