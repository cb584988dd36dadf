# frozen_string_literal: true

require_relative "test_helper"

# Every method of the official client's documented API, against the simulator, with the
# official response classes and readers.
class TestOperations < Minitest::Test
  include SimulatorHelpers

  def test_send_sms_with_every_argument
    r = client.send_sms(phone_number: "07700900123", template_id: TPL_SMS,
                        personalisation: { name: "Amala" }, reference: "ref-sms",
                        sms_sender_id: SMS_SENDER_ID)
    assert_instance_of Notifications::Client::ResponseNotification, r
    assert_match(/\A\h{8}-\h{4}-\h{4}-\h{4}-\h{12}\z/, r.id)
    assert_equal "ref-sms", r.reference
    assert_includes r.content["body"], "Hello Amala"
    assert_equal "GOVUK", r.content["from_number"]
    assert_equal TPL_SMS, r.template["id"]
    assert_includes r.uri, r.id
  end

  def test_send_sms_accepts_a_hash_with_string_keys
    r = client.send_sms("phone_number" => "07700900123", "template_id" => TPL_SMS,
                        "personalisation" => { "name" => "Amala" })
    assert_includes r.content["body"], "Amala"
  end

  def test_send_email_with_reply_to_and_unsubscribe_url
    r = client.send_email(email_address: "sender@something.com", template_id: TPL_EMAIL,
                          personalisation: { name: "Amala" }, reference: "ref-email",
                          email_reply_to_id: EMAIL_REPLY_TO_ID,
                          one_click_unsubscribe_url: "https://example.com/unsubscribe?opaque=1")
    assert_equal "Hello Amala", r.content["subject"]
    assert_equal "notify.simulator@notifications.service.gov.uk", r.content["from_email"]
    n = client.get_notification(r.id)
    assert_equal "email", n.type
    assert_equal "sender@something.com", n.email_address
    assert_equal "https://example.com/unsubscribe?opaque=1", n.one_click_unsubscribe_url
    assert_equal n.one_click_unsubscribe_url, n.one_click_unsubscribe
  end

  def test_send_email_with_a_file
    upload = Notifications.prepare_upload(StringIO.new("a,b\n1,2\n"), filename: "report.csv",
                                                                      confirm_email_before_download: false,
                                                                      retention_period: "4 weeks")
    assert_equal %i[confirm_email_before_download file filename retention_period], upload.keys.sort
    assert_equal "a,b\n1,2\n", upload[:file].unpack1("m0")
    assert_equal "report.csv", upload[:filename]
    assert_equal false, upload[:confirm_email_before_download]
    r = client.send_email(email_address: "sender@something.com", template_id: TPL_EMAIL_FILE,
                          personalisation: { link_to_file: upload })
    assert_includes r.content["body"], "https://documents.service.gov.uk/d/"
  end

  def test_prepare_upload_defaults_and_positional_filename
    upload = Notifications.prepare_upload(StringIO.new("x"))
    assert_equal({ file: "eA==", filename: nil, confirm_email_before_download: nil,
                   retention_period: nil }, upload)
    # One documented example passes the filename positionally; it works here.
    assert_equal "a.csv", Notifications.prepare_upload(StringIO.new("x"), "a.csv")[:filename]
  end

  def test_prepare_upload_refuses_a_file_over_2mb_as_argument_error
    big = StringIO.new("x" * (2 * 1024 * 1024 + 1))
    e = assert_raises(::ArgumentError) { Notifications.prepare_upload(big) }
    assert_kind_of GovukNotify::Error, e
    assert_equal "File is larger than 2MB", e.message
    exact = Notifications.prepare_upload(StringIO.new("x" * (2 * 1024 * 1024)))
    assert_equal 2 * 1024 * 1024, exact[:file].unpack1("m0").bytesize
  end

  def test_send_letter_and_get_its_pdf
    r = client.send_letter(template_id: TPL_LETTER, reference: "ref-letter",
                           personalisation: { address_line_1: "The Occupier",
                                              address_line_2: "123 High Street",
                                              address_line_3: "SW14 6BH", name: "Amala" })
    assert_equal "Letter for Amala", r.content["subject"]
    n = client.get_notification(r.id)
    assert_equal "letter", n.type
    assert_equal "The Occupier", n.line_1
    pdf = client.get_pdf_for_letter(r.id)
    assert_equal Encoding::BINARY, pdf.encoding
    assert pdf.start_with?("%PDF"), "a PDF"
  end

  def test_send_precompiled_letter_from_a_file_and_from_bytes
    Tempfile.create(["letter", ".pdf"]) do |f|
      f.binmode
      f.write(PDF)
      f.rewind
      r = client.send_precompiled_letter("ref-pre", f)
      assert_instance_of Notifications::Client::ResponsePrecompiledLetter, r
      assert_equal "ref-pre", r.reference
      assert_equal "second", r.postage
      assert_match(/\A\h{8}-/, r.id)
    end
    r = client.send_precompiled_letter("ref-pre-2", PDF, "first")
    assert_equal "first", r.postage
    assert_equal PDF, client.get_pdf_for_letter(r.id)
  end

  def test_get_notification_has_every_documented_reader_and_times
    sent = send_test_sms(reference: "ref-get")
    n = client.get_notification(sent.id)
    assert_instance_of Notifications::Client::Notification, n
    assert_equal sent.id, n.id
    assert_equal "ref-get", n.reference
    assert_equal "07700900123", n.phone_number
    assert_equal "sms", n.type
    assert_includes %w[created sending delivered], n.status
    assert_equal TPL_SMS, n.template["id"]
    assert_includes n.body, "Amala"
    assert_instance_of Time, n.created_at
    assert_nil n.subject
    assert_nil n.line_1
    Notifications::Client::Notification::FIELDS.each { |f| n.public_send(f) }
    assert_includes [true, false], n.is_cost_data_ready
    assert_kind_of Hash, n.cost_details
    assert_equal n.cost_details["billable_sms_fragments"], n.cost_details.billable_sms_fragments
    assert_kind_of Integer, n.cost_details.billable_sms_fragments
    assert_nil n.cost_details.billable_sheets_of_paper
  end

  def test_get_notifications_with_filters_collection_and_links
    ref = "page-#{SecureRandom.hex(4)}"
    2.times { send_test_sms(reference: ref) }
    page = client.get_notifications(template_type: "sms", status: "delivered", reference: ref)
    assert_instance_of Notifications::Client::NotificationsCollection, page
    assert_equal 2, page.collection.size
    assert(page.collection.all? { |n| n.is_a?(Notifications::Client::Notification) && n.reference == ref })
    assert_includes page.links["current"], "/v2/notifications"
    older = client.get_notifications("older_than" => page.collection.first.id, "reference" => ref)
    assert_equal [page.collection.last.id], older.collection.map(&:id)
    refute_empty client.get_notifications.collection
  end

  def test_templates
    t = client.get_template_by_id(TPL_SMS)
    assert_instance_of Notifications::Client::Template, t
    assert_equal TPL_SMS, t.id
    assert_equal "sms", t.type
    assert_includes t.body, "((name))"
    assert_instance_of Time, t.created_at
    v1 = client.get_template_version(TPL_SMS_VERSIONED, 1)
    assert_equal "Version one", v1.body
    assert_equal 1, v1.version
    assert_equal "Version one", client.get_template_version(TPL_SMS_VERSIONED, "1").body
    all = client.get_all_templates
    assert_instance_of Notifications::Client::TemplateCollection, all
    assert_operator all.collection.size, :>=, 5
    sms = client.get_all_templates(type: "sms").collection
    refute_empty sms
    assert(sms.all? { |x| x.type == "sms" })
    assert_equal sms.map(&:id), client.get_all_templates("type" => "sms").collection.map(&:id)
  end

  def test_generate_template_preview
    p = client.generate_template_preview(TPL_EMAIL, personalisation: { name: "Amala" })
    assert_instance_of Notifications::Client::TemplatePreview, p
    assert_equal TPL_EMAIL, p.id
    assert_equal "email", p.type
    assert_equal "Hello Amala", p.subject
    assert_includes p.body, "Dear Amala"
    assert_includes p.html, "Amala"
  end

  def test_get_received_texts
    control(:post, "/received-texts", [{ user_number: "447700900111", content: "Hello Ruby" }])
    page = client.get_received_texts
    assert_instance_of Notifications::Client::ReceivedTextCollection, page
    text = page.collection.first
    assert_instance_of Notifications::Client::ReceivedText, text
    assert_equal "Hello Ruby", text.content
    assert_equal "447700900111", text.user_number
    assert_equal SERVICE_ID, text.service_id
    assert_equal "07700900456", text.notify_number
    assert_instance_of Time, text.created_at
    assert_kind_of Hash, page.links
    assert_kind_of Notifications::Client::ReceivedTextCollection, client.get_received_texts(older_than: text.id)
  end

  def test_the_user_agent_names_this_library_and_ruby
    control(:delete, "/requests")
    client.get_all_templates
    agent = control(:get, "/requests").last["headers"]["user-agent"]
    assert_equal "govuk-notify/#{GovukNotify::VERSION}", agent.split.first
    assert_includes agent, "ruby/#{RUBY_VERSION}"
  end

  def test_base_url_defaults_and_library_version
    assert_equal "https://api.notifications.service.gov.uk",
                 Notifications::Client.new(KEY_TEST).base_url
    assert_equal BASE_URL, client.base_url
    assert_equal GovukNotify::VERSION, GovukNotify.library_version
  end
end
