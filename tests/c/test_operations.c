/*
 * Every operation of the C API against the simulator, checking the response fields that come back
 * through `out_json` (the server's body, untouched) and what the simulator recorded.
 */
#include "test_util.h"

static govuk_notify_client *client;
static char sms_id[64];
static char letter_id[64];

/* Runs a JSON operation expecting success; returns the response (free with string_free). */
static char *ok_call(govuk_notify_result (*op)(const govuk_notify_client *, const char *, char **, char **),
                     const char *request, const char *what) {
  char *out = NULL, *err = (char *)0x1;
  govuk_notify_result r = op(client, request, &out, &err);
  if (r != GOVUK_NOTIFY_RESULT_OK) {
    fprintf(stderr, "    %s failed: %s %s\n", what, govuk_notify_result_name(r), err ? err : "");
    current_failures++;
    govuk_notify_string_free(err);
    return NULL;
  }
  CHECK(err == NULL);
  CHECK(out != NULL);
  return out;
}

static void copy_id(const char *json, char *dst) {
  char *id = json_str(json, "id");
  CHECK(id != NULL && strlen(id) == 36);
  snprintf(dst, 64, "%s", id ? id : "");
  free(id);
}

static void test_send_sms(void) {
  sim_reset();
  char req[512];
  snprintf(req, sizeof req,
           "{\"phone_number\":\"07700900123\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Amala\"},"
           "\"reference\":\"c-sms-1\",\"sms_sender_id\":\"%s\"}",
           env("GN_TPL_SMS"), env("GN_SMS_SENDER_ID"));
  char *out = ok_call(govuk_notify_send_sms, req, "send_sms");
  if (!out) return;
  copy_id(out, sms_id);
  CHECK(json_str_eq(out, "reference", "c-sms-1"));
  CHECK(json_str_contains(out, "content.body", "Amala"));
  CHECK(json_str_eq(out, "template.id", env("GN_TPL_SMS")));
  govuk_notify_string_free(out);
  /* The request reached the simulator once, with the C binding in the User-Agent. */
  char *recorded = NULL;
  CHECK(sim_request("GET", "/_simulator/requests", NULL, &recorded) == 200);
  CHECK(recorded && strstr(recorded, "/v2/notifications/sms") != NULL);
  CHECK(recorded && strstr(recorded, "(c)") != NULL);
  free(recorded);
}

static void test_send_email_with_file(void) {
  char *upload = NULL, *err = NULL;
  const char csv[] = "name,score\nAmala,10\n";
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)csv, strlen(csv), "{\"filename\":\"scores.csv\"}", &upload, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  if (!upload) return;
  char req[2048];
  snprintf(req, sizeof req,
           "{\"email_address\":\"amala@example.com\",\"template_id\":\"%s\","
           "\"personalisation\":{\"link_to_file\":%s},\"reference\":\"c-email-file\"}",
           env("GN_TPL_EMAIL_FILE"), upload);
  govuk_notify_string_free(upload);
  char *out = ok_call(govuk_notify_send_email, req, "send_email (file)");
  if (!out) return;
  CHECK(json_str_eq(out, "reference", "c-email-file"));
  CHECK(json_at(out, "content.subject", NULL) != NULL);
  govuk_notify_string_free(out);
}

static void test_send_email(void) {
  char req[1024];
  snprintf(req, sizeof req,
           "{\"email_address\":\"amala@example.com\",\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Amala\"},"
           "\"email_reply_to_id\":\"%s\",\"one_click_unsubscribe_url\":\"https://example.com/unsub\"}",
           env("GN_TPL_EMAIL"), env("GN_EMAIL_REPLY_TO_ID"));
  char *out = ok_call(govuk_notify_send_email, req, "send_email");
  if (!out) return;
  char id[64];
  copy_id(out, id);
  CHECK(json_str_contains(out, "content.body", "Amala"));
  CHECK(json_str_eq(out, "template.id", env("GN_TPL_EMAIL")));
  govuk_notify_string_free(out);
}

static void test_send_letter(void) {
  char req[1024];
  snprintf(req, sizeof req,
           "{\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Amala\",\"address_line_1\":\"Amala Bello\","
           "\"address_line_2\":\"1 High Street\",\"address_line_3\":\"SW1A 1AA\"},\"reference\":\"c-letter\"}",
           env("GN_TPL_LETTER"));
  char *out = ok_call(govuk_notify_send_letter, req, "send_letter");
  if (!out) return;
  copy_id(out, letter_id);
  CHECK(json_str_eq(out, "reference", "c-letter"));
  govuk_notify_string_free(out);
}

static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

static void test_send_precompiled_letter_json_and_bytes(void) {
  char *b64 = NULL, *err = NULL;
  /* prepare_upload gives the base64 we need for the JSON form. */
  CHECK_RESULT(govuk_notify_prepare_upload((const uint8_t *)PDF, strlen(PDF), NULL, &b64, &err), GOVUK_NOTIFY_RESULT_OK, err);
  char *content = json_str(b64, "file");
  govuk_notify_string_free(b64);
  char req[1024];
  snprintf(req, sizeof req, "{\"reference\":\"c-precompiled\",\"content\":\"%s\",\"postage\":\"first\"}", content);
  free(content);
  char *out = ok_call(govuk_notify_send_precompiled_letter, req, "send_precompiled_letter");
  if (out) {
    CHECK(json_str_eq(out, "reference", "c-precompiled"));
    CHECK(json_str_eq(out, "postage", "first"));
    govuk_notify_string_free(out);
  }

  out = NULL;
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "c-precompiled-bytes", (const uint8_t *)PDF,
                                                          strlen(PDF), NULL, &out, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  if (out) {
    CHECK(json_str_eq(out, "reference", "c-precompiled-bytes"));
    char id[64];
    copy_id(out, id);
    govuk_notify_string_free(out);
  }
  CHECK_RESULT(govuk_notify_send_precompiled_letter_bytes(client, "c-precompiled-economy", (const uint8_t *)PDF,
                                                          strlen(PDF), "economy", &out, &err),
               GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(out && json_str_eq(out, "postage", "economy"));
  govuk_notify_string_free(out);
}

static void test_get_notification(void) {
  char req[256];
  snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", sms_id);
  char *out = ok_call(govuk_notify_get_notification, req, "get_notification");
  if (!out) return;
  CHECK(json_str_eq(out, "id", sms_id));
  CHECK(json_str_eq(out, "type", "sms"));
  CHECK(json_str_eq(out, "phone_number", "07700900123"));
  CHECK(json_at(out, "status", NULL) != NULL);
  govuk_notify_string_free(out);
}

static void test_list_notifications(void) {
  /* NULL request: no filter. The simulator pages by 3. */
  char *out = ok_call(govuk_notify_list_notifications, NULL, "list_notifications (all)");
  if (out) {
    CHECK(json_len(out, "notifications") == 3);
    CHECK(json_at(out, "links.current", NULL) != NULL);
    CHECK(json_at(out, "links.next", NULL) != NULL);
    govuk_notify_string_free(out);
  }
  out = ok_call(govuk_notify_list_notifications, "{\"template_type\":\"sms\",\"status\":[\"created\",\"sending\",\"delivered\"]}",
                "list_notifications (sms)");
  if (out) {
    CHECK(json_len(out, "notifications") == 1);
    CHECK(json_str_eq(out, "notifications.0.id", sms_id));
    govuk_notify_string_free(out);
  }
  out = ok_call(govuk_notify_list_notifications, "{\"reference\":\"c-letter\"}", "list_notifications (reference)");
  if (out) {
    CHECK(json_len(out, "notifications") == 1);
    CHECK(json_str_eq(out, "notifications.0.id", letter_id));
    govuk_notify_string_free(out);
  }
}

static void test_get_pdf_for_letter(void) {
  char req[256];
  snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", letter_id);
  uint8_t *data = NULL;
  size_t len = 0;
  char *err = NULL;
  CHECK_RESULT(govuk_notify_get_pdf_for_letter(client, req, &data, &len, &err), GOVUK_NOTIFY_RESULT_OK, err);
  CHECK(data != NULL && len > 8);
  CHECK(data && memcmp(data, "%PDF-", 5) == 0);
  CHECK(err == NULL);
  govuk_notify_bytes_free(data, len);

  /* A text message has no PDF. */
  snprintf(req, sizeof req, "{\"notification_id\":\"%s\"}", sms_id);
  data = (uint8_t *)0x1;
  len = 5;
  govuk_notify_result r = govuk_notify_get_pdf_for_letter(client, req, &data, &len, &err);
  CHECK(r == GOVUK_NOTIFY_RESULT_VALIDATION || r == GOVUK_NOTIFY_RESULT_NOT_FOUND);
  CHECK(data == NULL && len == 0);
  govuk_notify_string_free(err);
}

static void test_templates(void) {
  char req[256];
  snprintf(req, sizeof req, "{\"template_id\":\"%s\"}", env("GN_TPL_SMS"));
  char *out = ok_call(govuk_notify_get_template, req, "get_template");
  if (out) {
    CHECK(json_str_eq(out, "id", env("GN_TPL_SMS")));
    CHECK(json_str_eq(out, "type", "sms"));
    CHECK(json_str_contains(out, "body", "((name))"));
    govuk_notify_string_free(out);
  }

  snprintf(req, sizeof req, "{\"template_id\":\"%s\",\"version\":1}", env("GN_TPL_SMS_VERSIONED"));
  out = ok_call(govuk_notify_get_template_version, req, "get_template_version 1");
  char *v1 = out ? json_str(out, "body") : NULL;
  if (out) {
    CHECK(json_int(out, "version", 0) == 1);
    govuk_notify_string_free(out);
  }
  snprintf(req, sizeof req, "{\"template_id\":\"%s\",\"version\":2}", env("GN_TPL_SMS_VERSIONED"));
  out = ok_call(govuk_notify_get_template_version, req, "get_template_version 2");
  if (out) {
    CHECK(json_int(out, "version", 0) == 2);
    char *v2 = json_str(out, "body");
    CHECK(v1 && v2 && strcmp(v1, v2) != 0);
    free(v2);
    govuk_notify_string_free(out);
  }
  free(v1);

  out = ok_call(govuk_notify_list_templates, NULL, "list_templates");
  int all = -1;
  if (out) {
    all = json_len(out, "templates");
    CHECK(all >= 5);
    govuk_notify_string_free(out);
  }
  out = ok_call(govuk_notify_list_templates, "{\"template_type\":\"email\"}", "list_templates email");
  if (out) {
    int emails = json_len(out, "templates");
    CHECK(emails >= 2 && emails < all);
    CHECK(json_str_eq(out, "templates.0.type", "email"));
    govuk_notify_string_free(out);
  }

  snprintf(req, sizeof req, "{\"template_id\":\"%s\",\"personalisation\":{\"name\":\"Bola\"}}", env("GN_TPL_EMAIL"));
  out = ok_call(govuk_notify_preview_template, req, "preview_template");
  if (out) {
    CHECK(json_str_eq(out, "id", env("GN_TPL_EMAIL")));
    CHECK(json_str_eq(out, "type", "email"));
    CHECK(json_str_contains(out, "body", "Bola"));
    govuk_notify_string_free(out);
  }
}

static void test_list_received_texts(void) {
  CHECK(sim_request("POST", "/_simulator/received-texts",
                    "[{\"user_number\":\"447700900111\",\"content\":\"Hello from C\"}]", NULL) / 100 == 2);
  char *out = ok_call(govuk_notify_list_received_texts, NULL, "list_received_texts");
  if (!out) return;
  CHECK(json_len(out, "received_text_messages") == 1);
  CHECK(json_str_eq(out, "received_text_messages.0.content", "Hello from C"));
  char *id = json_str(out, "received_text_messages.0.id");
  govuk_notify_string_free(out);
  if (!id) return;
  char req[256];
  snprintf(req, sizeof req, "{\"older_than\":\"%s\"}", id);
  free(id);
  out = ok_call(govuk_notify_list_received_texts, req, "list_received_texts older_than");
  if (out) {
    CHECK(json_len(out, "received_text_messages") == 0);
    govuk_notify_string_free(out);
  }
}

int main(void) {
  client = new_client(NULL, "\"retry\":{\"max_retries\":0}");
  RUN(test_send_sms);
  RUN(test_send_email);
  RUN(test_send_email_with_file);
  RUN(test_send_letter);
  RUN(test_send_precompiled_letter_json_and_bytes);
  RUN(test_get_notification);
  RUN(test_list_notifications);
  RUN(test_get_pdf_for_letter);
  RUN(test_templates);
  RUN(test_list_received_texts);
  govuk_notify_client_free(client);
  return finish("test_operations");
}
