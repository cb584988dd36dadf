# frozen_string_literal: true

require_relative "test_helper"

# GovukNotify::Client's extras: iterators over every page, the retry policy, timeouts, options,
# callback parsing, and no secret in what a client or an error shows.
class TestExtras < Minitest::Test
  include SimulatorHelpers

  def extras_client
    @extras_client ||= GovukNotify::Client.new(KEY_TEST, base_url: BASE_URL)
  end

  # The simulator runs with --page-size 3, so 7 notifications take three pages.
  def test_notifications_iterator_walks_several_pages
    ref = "iter-#{SecureRandom.hex(4)}"
    sent = Array.new(7) { send_test_sms(reference: ref).id }
    control(:delete, "/requests")
    enum = extras_client.notifications(reference: ref)
    assert_kind_of Enumerator, enum
    items = enum.to_a
    assert(items.all? { |n| n.is_a?(Notifications::Client::Notification) })
    assert_equal sent.reverse, items.map(&:id)
    pages = control(:get, "/requests").count { |r| r["path"] == "/v2/notifications" }
    assert_operator pages, :>=, 3
    assert_equal sent.reverse.first(2), extras_client.notifications(reference: ref).first(2).map(&:id)
    lazy = extras_client.notifications(reference: ref).lazy.map(&:id).first(4)
    assert_equal sent.reverse.first(4), lazy
    assert_equal sent.reverse.drop(1), extras_client.notifications(reference: ref, older_than: sent.last).map(&:id)
  end

  def test_received_texts_iterator_walks_several_pages
    control(:post, "/received-texts", { count: 7 })
    texts = extras_client.received_texts.to_a
    assert_operator texts.size, :>=, 7
    assert(texts.all? { |t| t.is_a?(Notifications::Client::ReceivedText) })
    assert_equal texts.map(&:id).uniq.size, texts.size
  end

  def test_an_iterator_filter_is_checked_before_sending
    e = assert_raises(Notifications::Client::InvalidArgumentError) do
      extras_client.notifications(older_than: "nope").first
    end
    assert_equal "older_than", e.field
  end

  def test_external_iteration_and_an_abandoned_walk
    ref = "ext-#{SecureRandom.hex(4)}"
    2.times { send_test_sms(reference: ref) }
    enum = extras_client.notifications(reference: ref)
    first = enum.next
    second = enum.next
    assert_raises(StopIteration) { enum.next }
    refute_equal first.id, second.id
    # An abandoned walk's pager is freed by its finalizer; nothing else to observe but no crash.
    extras_client.notifications(reference: ref).each { break }
    GC.start
    assert_equal 2, extras_client.notifications(reference: ref).count
  end

  def test_the_retry_policy_retries_reads_and_can_be_turned_off
    add_fault(method: "GET", path_prefix: "/v2/templates", action: "respond", status: 503,
              body: "busy", content_type: "text/plain", times: 1)
    retrying = GovukNotify::Client.new(KEY_TEST, BASE_URL,
                                       retry_policy: { max_retries: 2, initial_backoff: 0.01, jitter: false })
    refute_empty retrying.get_all_templates.collection
    add_fault(method: "GET", path_prefix: "/v2/templates", action: "respond", status: 503,
              body: "busy", content_type: "text/plain", times: 1)
    assert_raises(Notifications::Client::ServerError) { no_retry_client.get_all_templates }
    assert_equal({ "max_retries" => 0 }, GovukNotify::RetryPolicy.none.to_native)
    assert_equal({ "initial_backoff_ms" => 250, "max_backoff_ms" => 5000, "retry_sends" => true },
                 GovukNotify::RetryPolicy.new(initial_backoff: 0.25, max_backoff: 5, retry_sends: true).to_native)
  end

  def test_options_are_checked_and_name_the_field
    e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Client.new(KEY_TEST, BASE_URL, timeout: 0) }
    assert_equal "timeout_ms", e.field
    e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Client.new(KEY_TEST, BASE_URL, proxy: "::not a url") }
    assert_equal "proxy", e.field
    Tempfile.create(["bundle", ".pem"]) do |f|
      f.write("no certificates here\n")
      f.flush
      e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Client.new(KEY_TEST, BASE_URL, ca_bundle: f.path) }
      # The C options key the gem passes it as (every option error names the C key, like timeout_ms).
      assert_equal "ca_bundle_pem", e.field
    end
    e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Client.new(KEY_TEST, "http://example.com") }
    assert_equal "base_url", e.field
    insecure = GovukNotify::Client.new(KEY_TEST, "http://example.invalid", allow_insecure_http: true,
                                                                           connect_timeout: 2, max_response_bytes: 1024)
    assert_equal "http://example.invalid", insecure.base_url
    # Under run.sh's runtime type checker the signature refuses it first, with its own error.
    type_errors = [TypeError, defined?(RBS::Test::Tester::TypeError) && RBS::Test::Tester::TypeError].compact
    assert_raises(*type_errors) { GovukNotify::Client.new(KEY_TEST, BASE_URL, retry_policy: 3) }
  end

  def test_a_body_larger_than_max_response_bytes_is_invalid_response
    small = GovukNotify::Client.new(KEY_TEST, BASE_URL, max_response_bytes: 64)
    e = assert_raises(Notifications::Client::InvalidResponseError) { small.get_all_templates }
    assert_equal :invalid_response, e.kind
  end

  def test_no_secret_in_inspect_to_s_or_messages
    c = GovukNotify::Client.new(KEY_TEST, BASE_URL)
    [c, client].each do |x|
      refute_includes x.inspect, SECRET
      refute_includes x.to_s, SECRET
      refute_includes x.inspect, SERVICE_ID
      x.instance_variables.each { |v| refute_includes x.instance_variable_get(v).inspect, SECRET }
    end
    e = assert_raises(::ArgumentError) { Notifications::Client.new("#{KEY_TEST[0..-37]}#{SECRET[0..-2]}z", BASE_URL) }
    refute_includes e.message, SECRET[0..-2]
    e = assert_raises(Notifications::Client::RequestError) { client.get_notification(SecureRandom.uuid) }
    refute_includes "#{e.message} #{e.inspect} #{e.raw_body}", SECRET
    auth = control(:get, "/requests").last["headers"]["authorization"]
    refute_includes e.inspect, auth.split.last
  end

  RECEIPT = {
    id: "740e5834-3a29-46b4-9a6f-16142fde533a", reference: nil, to: "07700900123",
    status: "delivered", created_at: "2017-05-14T12:15:30.000000Z",
    completed_at: "2017-05-14T12:15:30.000000Z", sent_at: nil, notification_type: "sms",
    template_id: "f33517ff-2a88-4f6e-b855-c550268ce08a", template_version: 1
  }.freeze

  def test_callback_parsing
    r = GovukNotify::Callbacks.parse_delivery_receipt(JSON.generate(RECEIPT))
    assert_equal "delivered", r.status
    assert_equal 1, r.template_version
    assert_equal Time.utc(2017, 5, 14, 12, 15, 30), r.created_at
    assert_nil r.sent_at
    assert_nil r.reference
    t = GovukNotify::Callbacks.parse_received_text(
      '{"id":"b51f638b-4295-46e0-a06e-cd41eee7c33b","source_number":"447700912345",' \
      '"destination_number":"07700987654","message":"Hello Notify!","date_received":"2017-05-14T12:15:30.000000Z"}'
    )
    assert_equal "Hello Notify!", t.message
    assert_instance_of Time, t.date_received
    e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Callbacks.parse_delivery_receipt("{}") }
    assert_equal "body", e.field
    assert_raises(GovukNotify::ArgumentError) { GovukNotify::Callbacks.parse_received_text("not json") }
  end

  def test_bearer_token_check
    assert GovukNotify::Callbacks.verify_bearer_token("Bearer s3cret", "s3cret")
    assert GovukNotify::Callbacks.verify_bearer_token("bearer s3cret", "s3cret")
    refute GovukNotify::Callbacks.verify_bearer_token("Bearer s3creT", "s3cret")
    refute GovukNotify::Callbacks.verify_bearer_token("Basic s3cret", "s3cret")
    refute GovukNotify::Callbacks.verify_bearer_token(nil, "s3cret")
    refute GovukNotify::Callbacks.verify_bearer_token("Bearer ", "")
  end

  def test_a_missing_library_is_a_clear_load_error
    out = IO.popen({ "GOVUK_NOTIFY_LIB" => "/nonexistent/libgovuk_notify.so" },
                   [RbConfig.ruby, "-I", File.expand_path("../../bindings-ruby/lib", __dir__),
                    "-e", "begin; require 'notifications/client'; rescue LoadError => e; puts e.message; end"],
                   err: %i[child out], &:read)
    assert_includes out, "could not load its native library"
    assert_includes out, "/nonexistent/libgovuk_notify.so"
    assert_includes out, "GOVUK_NOTIFY_LIB"
  end
end
