# frozen_string_literal: true

require_relative "test_helper"

# GovukNotify::Client's pace: option (reaching the library's pacing) and wait_for_status, with
# cancellation from another thread. The simulator runs with --status-delay-ms 0, so a
# notification is final as soon as it is sent.
class TestPacingWait < Minitest::Test
  include SimulatorHelpers

  def extras_client(**options)
    GovukNotify::Client.new(KEY_TEST, base_url: BASE_URL, **options)
  end

  def send_to(number, target)
    target.send_sms(phone_number: number, template_id: TPL_SMS, personalisation: { name: "Amala" }).id
  end

  def monotonic
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  def test_pace_reaches_the_library
    # 20 sends a second: one every 50 ms, so 6 sends take at least 250 ms.
    paced = extras_client(pace: [20, 1])
    started = monotonic
    6.times { send_to("07700900123", paced) }
    assert_operator monotonic - started, :>=, 0.245
    send_to("07700900123", extras_client(pace: true))
    send_to("07700900123", extras_client(pace: 1200))
    e = assert_raises(GovukNotify::ArgumentError) { extras_client(pace: 0) }
    assert_equal "pace", e.field
  end

  def test_wait_for_status_returns_the_notification
    c = extras_client
    id = send_to("07700900002", c)
    n = c.wait_for_status(id)
    assert_kind_of Notifications::Client::Notification, n
    assert_equal id, n.id
    assert_equal "permanent-failure", n.status
    assert_equal "permanent-failure", c.wait_for_status(id, until: %w[permanent-failure delivered]).status
  end

  def test_wait_for_status_times_out_with_the_last_status
    c = extras_client
    id = send_to("07700900002", c)
    e = assert_raises(Notifications::Client::TimeoutError) do
      c.wait_for_status(id, until: "delivered", timeout: 0.3, poll_interval: 0.02)
    end
    assert_includes e.message, "did not reach delivered within 300 ms"
    assert_includes e.message, "last status: permanent-failure"
  end

  def test_wait_for_status_is_cancelled_from_another_thread
    c = extras_client
    id = send_to("07700900002", c)
    token = GovukNotify::CancelToken.new
    canceller = Thread.new do
      sleep 0.2
      token.cancel
    end
    started = monotonic
    e = assert_raises(Notifications::Client::TimeoutError) do
      c.wait_for_status(id, until: "delivered", timeout: 60, poll_interval: 0.05, cancel: token)
    end
    canceller.join
    assert_operator monotonic - started, :<, 10
    assert_includes e.message, "cancelled"
  end

  def test_wait_for_status_refuses_bad_arguments_and_reports_not_found
    c = extras_client
    e = assert_raises(Notifications::Client::InvalidArgumentError) do
      c.wait_for_status("c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", until: "deliverd")
    end
    assert_equal "until", e.field
    assert_raises(Notifications::Client::NotFoundError) do
      c.wait_for_status("c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", timeout: 5)
    end
  end
end
