/*
 * Pagers walking several pages (the simulator is started with --page-size 3): notifications with
 * and without a filter, received text messages, the end of the walk, and freeing a pager early or
 * after its client.
 */
#include "test_util.h"

static govuk_notify_client *client;

/* Walks a pager to the end; returns the number of items and stores the number of pages. Item ids
 * are checked to be distinct and in the server's (newest-first) order across pages. */
static int walk(govuk_notify_pager *pager, const char *items_key, int *pages) {
  int items = 0;
  char seen[64][40];
  *pages = 0;
  for (;;) {
    char *page = (char *)0x1, *err = NULL;
    govuk_notify_result r = govuk_notify_pager_next_page(pager, &page, &err);
    CHECK_RESULT(r, GOVUK_NOTIFY_RESULT_OK, err);
    if (r != GOVUK_NOTIFY_RESULT_OK) {
      govuk_notify_string_free(err);
      return -1;
    }
    CHECK(err == NULL);
    if (page == NULL) break;
    (*pages)++;
    int n = json_len(page, items_key);
    CHECK(n > 0 && n <= 3);
    for (int i = 0; i < n; i++) {
      char path[64];
      snprintf(path, sizeof path, "%s.%d.id", items_key, i);
      char *id = json_str(page, path);
      CHECK(id != NULL);
      if (id && items < 64) {
        for (int j = 0; j < items; j++) CHECK(strcmp(seen[j], id) != 0);
        snprintf(seen[items], sizeof seen[items], "%s", id);
      }
      free(id);
      items++;
    }
    govuk_notify_string_free(page);
    if (*pages > 50) break; /* never loop forever on a broken server */
  }
  /* After the end, more calls keep returning NULL without error. */
  char *page = (char *)0x1;
  CHECK_RESULT(govuk_notify_pager_next_page(pager, &page, NULL), GOVUK_NOTIFY_RESULT_OK, NULL);
  CHECK(page == NULL);
  return items;
}

static void send_sms(const char *reference) {
  char req[512], *out = NULL, *err = NULL;
  snprintf(req, sizeof req,
           "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"P\"},\"reference\":\"%s\"}",
           env("GN_TPL_SMS"), reference);
  CHECK_RESULT(govuk_notify_send_sms(client, req, &out, &err), GOVUK_NOTIFY_RESULT_OK, err);
  govuk_notify_string_free(out);
  govuk_notify_string_free(err);
}

static void test_notifications_walk_every_page(void) {
  sim_reset();
  for (int i = 0; i < 8; i++) send_sms(i % 2 ? "odd" : "even");
  govuk_notify_pager *pager = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, NULL, &pager, &err), GOVUK_NOTIFY_RESULT_OK, err);
  int pages = 0;
  int items = walk(pager, "notifications", &pages);
  CHECK(items == 8);
  CHECK(pages == 3);
  govuk_notify_pager_free(pager);
}

static void test_notifications_walk_with_filter(void) {
  govuk_notify_pager *pager = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, "{\"reference\":\"odd\",\"template_type\":\"sms\"}", &pager, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  int pages = 0;
  int items = walk(pager, "notifications", &pages);
  CHECK(items == 4);
  CHECK(pages == 2);
  govuk_notify_pager_free(pager);

  /* A filter that matches nothing: no pages at all. */
  CHECK_RESULT(govuk_notify_notifications_iter_new(client, "{\"template_type\":\"letter\"}", &pager, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  items = walk(pager, "notifications", &pages);
  CHECK(items == 0 && pages == 0);
  govuk_notify_pager_free(pager);
}

static void test_received_texts_walk_every_page(void) {
  CHECK(sim_request("POST", "/_simulator/received-texts", "{\"count\":7}", NULL) / 100 == 2);
  govuk_notify_pager *pager = NULL;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_received_texts_iter_new(client, NULL, &pager, &err), GOVUK_NOTIFY_RESULT_OK, err);
  int pages = 0;
  int items = walk(pager, "received_text_messages", &pages);
  CHECK(items == 7);
  CHECK(pages == 3);
  govuk_notify_pager_free(pager);
}

static void test_pager_freed_early_and_after_its_client(void) {
  govuk_notify_client *c = new_client(NULL, NULL);
  govuk_notify_pager *pager = NULL;
  char *err = NULL, *page = NULL;
  CHECK_RESULT(govuk_notify_notifications_iter_new(c, NULL, &pager, &err), GOVUK_NOTIFY_RESULT_OK, err);
  /* The pager keeps its own reference to the connection pool. */
  govuk_notify_client_free(c);
  CHECK_RESULT(govuk_notify_pager_next_page(pager, &page, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(page != NULL && json_len(page, "notifications") == 3);
  govuk_notify_string_free(page);
  /* Freed before the end of the walk. */
  govuk_notify_pager_free(pager);
}

int main(void) {
  client = new_client(NULL, "\"retry\":{\"max_retries\":0}");
  RUN(test_notifications_walk_every_page);
  RUN(test_notifications_walk_with_filter);
  RUN(test_received_texts_walk_every_page);
  RUN(test_pager_freed_early_and_after_its_client);
  govuk_notify_client_free(client);
  return finish("test_pager");
}
