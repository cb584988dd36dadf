# frozen_string_literal: true

require_relative "test_helper"

# Every error kind: the official classes, refined by the core's taxonomy.
class TestErrors < Minitest::Test
  include SimulatorHelpers

  RC = Notifications::Client

  def assert_request_error(klass, kind, code, retryable)
    e = assert_raises(klass) { yield }
    assert_instance_of klass, e
    assert_kind_of RC::RequestError, e
    assert_kind_of GovukNotify::Error, e
    assert_equal kind, e.kind
    if code
      assert_equal code, e.code
      assert_equal code.to_i, e.status_code
    else
      assert_nil e.code
      assert_nil e.status_code
    end
    assert_equal retryable, e.retryable?
    e
  end

  # Every kind the C ABI can report (the core's ErrorKind::ALL, asked through
  # govuk_notify_result_kind for every code) has its class here, so no list in the gem can fall
  # behind the core.
  def test_every_core_kind_has_a_class
    native = GovukNotify::Native
    native.attach_function :govuk_notify_result_kind, [:uint32], :string unless native.respond_to?(:govuk_notify_result_kind)
    kinds = (1..9999).map { |code| native.govuk_notify_result_kind(code) }.uniq - %w[ok unknown]
    assert_includes kinds, "argument"
    assert_includes kinds, "internal"
    kinds.each do |kind|
      # "http" is every other status, classed by range (Errors.http_class).
      assert(GovukNotify::Errors::KIND_CLASSES.key?(kind) || kind == "http", "no class for kind #{kind}")
    end
  end

  def test_validation_is_bad_request_error_with_the_official_message
    e = assert_request_error(RC::BadRequestError, :validation, "400", false) do
      client.send_sms(phone_number: "not a number", template_id: TPL_SMS, personalisation: { name: "A" })
    end
    assert_equal "ValidationError", e.errors.first["error"]
    assert_match(/\AValidationError: /, e.message)
    assert_equal e.errors, e.body["errors"]
    assert_equal JSON.parse(e.raw_body), e.body
  end

  def test_auth_error_for_an_unknown_key_without_the_secret
    bad_key = "my_key-#{SERVICE_ID}-#{SecureRandom.uuid}"
    bad = Notifications::Client.new(bad_key, BASE_URL)
    e = assert_request_error(RC::AuthError, :auth, "403", false) { bad.get_notifications }
    assert_equal "AuthError: Invalid token: API key not found", e.message
    refute_includes e.message + e.inspect + e.raw_body.to_s, bad_key[-36..]
  end

  def test_not_found
    e = assert_request_error(RC::NotFoundError, :not_found, "404", false) do
      client.get_notification(SecureRandom.uuid)
    end
    assert_equal "NoResultFound: No result found", e.message
    assert_raises(RC::NotFoundError) { client.get_template_by_id(SecureRandom.uuid) }
  end

  def test_pdf_not_ready_is_bad_request
    add_fault(method: "GET", path_prefix: "/v2/notifications/", action: "respond", status: 400,
              body: '{"status_code":400,"errors":[{"error":"PDFNotReadyError","message":"PDF not available yet, try again later"}]}',
              content_type: "application/json", times: 1)
    e = assert_raises(RC::BadRequestError) { client.get_pdf_for_letter(SecureRandom.uuid) }
    assert_equal "PDFNotReadyError: PDF not available yet, try again later", e.message
  end

  def test_rate_limit_is_retryable
    add_fault(method: "POST", path_prefix: "/v2/notifications", action: "respond", status: 429,
              body: '{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type TEST of 3000 requests per 60 seconds"}]}',
              content_type: "application/json")
    e = assert_request_error(RC::RateLimitError, :rate_limited, "429", true) do
      send_test_sms(target: no_retry_client)
    end
    assert_match(/\ARateLimitError: Exceeded rate limit/, e.message)
  end

  def test_daily_limit_is_a_rate_limit_error_that_is_not_retryable
    add_fault(method: "POST", path_prefix: "/v2/notifications", action: "respond", status: 429,
              body: '{"status_code":429,"errors":[{"error":"TooManyRequestsError","message":"Exceeded send limits (sms: 1) for today"}]}',
              content_type: "application/json")
    e = assert_request_error(RC::DailyLimitError, :daily_limit, "429", false) { send_test_sms }
    assert_kind_of RC::RateLimitError, e
    assert_equal "TooManyRequestsError: Exceeded send limits (sms: 1) for today", e.message
  end

  def test_server_error_with_html_keeps_the_raw_body
    add_fault(method: "GET", path_prefix: "/v2/notifications", action: "respond", status: 502,
              body: "<html>bad gateway</html>", content_type: "text/html")
    e = assert_request_error(RC::ServerError, :server, "502", true) { no_retry_client.get_notifications }
    assert_equal "<html>bad gateway</html>", e.raw_body
    assert_equal "<html>bad gateway</html>", e.body
    assert_equal "<html>bad gateway</html>", e.message
  end

  def test_a_send_after_a_5xx_is_not_retryable_and_not_repeated
    control(:delete, "/requests")
    add_fault(method: "POST", path_prefix: "/v2/notifications/sms", action: "respond", status: 500,
              body: '{"status_code":500,"errors":[{"error":"Exception","message":"Internal server error"}]}',
              content_type: "application/json")
    e = assert_request_error(RC::ServerError, :server, "500", false) { send_test_sms }
    assert e.may_have_reached_server?
    sends = control(:get, "/requests").count { |r| r["path"] == "/v2/notifications/sms" }
    assert_equal 1, sends, "a send is never repeated by our retries"
  end

  def test_other_statuses_map_like_the_official_client
    add_fault(method: "GET", path_prefix: "/v2/templates", action: "respond", status: 418,
              body: "teapot", content_type: "text/plain")
    e = assert_request_error(RC::ClientError, :http, "418", false) { client.get_all_templates }
    assert_equal "teapot", e.message
  end

  def test_invalid_response
    add_fault(method: "GET", path_prefix: "/v2/templates", action: "respond", status: 200,
              body: "not json", content_type: "text/plain")
    assert_request_error(RC::InvalidResponseError, :invalid_response, "200", false) do
      client.get_all_templates
    end
  end

  def test_transport_error_is_typed_never_a_socket_exception
    c = GovukNotify::Client.new(KEY_TEST, "http://127.0.0.1:#{closed_port}",
                                retry_policy: GovukNotify::RetryPolicy.none)
    e = assert_request_error(RC::TransportError, :transport, nil, true) { c.get_notifications }
    refute e.may_have_reached_server?
    assert_nil e.body
    refute_empty e.message
    # A send that certainly never arrived is retryable too.
    assert_request_error(RC::TransportError, :transport, nil, true) { send_test_sms(target: c) }
  end

  def test_timeout
    add_fault(action: "delay", delay_ms: 3000, path_prefix: "/v2/templates", times: 1)
    c = no_retry_client(timeout: 0.5)
    assert_request_error(RC::TimeoutError, :timeout, nil, true) { c.get_all_templates }
  end

  def test_argument_errors_name_the_field_and_send_nothing
    control(:delete, "/requests")
    # Notify's 400 for this input, as the official client raises it after sending.
    e = assert_request_error(RC::InvalidArgumentError, :argument, "400", false) do
      client.get_notification("not-a-uuid")
    end
    assert_kind_of RC::BadRequestError, e
    assert_equal "notification_id", e.field
    assert_equal "ValidationError: notification_id is not a valid UUID", e.message
    assert_equal [{ "error" => "ValidationError", "message" => "notification_id is not a valid UUID" }],
                 e.body["errors"]
    e = assert_raises(RC::InvalidArgumentError) { client.send_precompiled_letter("r", PDF, "third") }
    assert_equal "postage", e.field
    e = assert_raises(RC::InvalidArgumentError) do
      client.send_sms(phone_number: "07700900123", template_id: TPL_SMS, colour: "red")
    end
    assert_includes e.message, "colour"
    e = assert_raises(RC::InvalidArgumentError) do
      client.send_email(email_address: "a@b.com", template_id: TPL_EMAIL,
                        one_click_unsubscribe_url: "http://example.com/u")
    end
    assert_equal "one_click_unsubscribe_url", e.field
    assert_raises(RC::InvalidArgumentError) { client.get_template_version(TPL_SMS, 0) }
    assert_empty control(:get, "/requests"), "nothing was sent"
  end

  def test_a_bad_key_is_an_argument_error_without_the_secret
    bad = "#{KEY_TEST[0..-37]}#{SECRET.tr('0-9a-f', 'x')}"
    e = assert_raises(::ArgumentError) { Notifications::Client.new(bad, BASE_URL) }
    assert_kind_of GovukNotify::Error, e
    assert_equal "api_key", e.field
    refute_includes e.message, bad[-36..]
    assert_raises(::ArgumentError) { Notifications::Client.new(nil) }
    e = assert_raises(::ArgumentError) { Notifications::Client.new(KEY_TEST, "ftp://example.com") }
    assert_equal "base_url", e.field
  end

  # Application tests build these errors from a response double, as the official client does.
  def test_errors_can_be_built_from_a_response_like_the_official_ones
    response = Struct.new(:code, :body).new("404", '{"status_code":404,"errors":[{"error":"NoResultFound","message":"No result found"}]}')
    e = RC::NotFoundError.new(response)
    assert_equal "404", e.code
    assert_equal "NoResultFound: No result found", e.message
    assert_equal 404, e.body["status_code"]
    e = RC::ServerError.new(Struct.new(:code, :body).new("503", "<html>down</html>"))
    assert_equal "<html>down</html>", e.message
    assert_equal :http, e.kind
  end

  def test_a_closed_client_refuses_calls
    c = Notifications::Client.new(KEY_TEST, BASE_URL)
    c.close
    c.close
    e = assert_raises(RC::InvalidArgumentError) { c.get_notifications }
    assert_equal "client", e.field
  end
end
