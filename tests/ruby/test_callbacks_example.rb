# frozen_string_literal: true

require "timeout"
require_relative "test_helper"
require_relative "../../examples/ruby/callbacks_rack"

# examples/ruby/callbacks_rack.rb driven end to end by the simulator's callbacks: a message sent
# through the client comes back to the Rack app as a verified, parsed delivery receipt with the
# same id and status, a received text likewise, and a wrong token is refused with 401.
class TestCallbacksExample < Minitest::Test
  include SimulatorHelpers

  TOKEN = "cb-token-0123456789abcdef"

  def setup
    @received = Queue.new
    app = CallbackApp.new(TOKEN) { |payload| @received << payload }
    @server = TinyRackServer.listen(0)
    @url = "http://127.0.0.1:#{@server.addr[1]}"
    @thread = Thread.new { TinyRackServer.serve_forever(@server, app) }
    control(:post, "/callbacks", { url: "#{@url}/notify/delivery-receipts", token: TOKEN,
                                   inbound_url: "#{@url}/notify/received-texts" })
  end

  def teardown
    control(:post, "/callbacks", {})
    @server.close
    @thread.join(5)
    super
  end

  def next_callback
    Timeout.timeout(30) { @received.pop }
  end

  def post(path, body, authorization)
    uri = URI("#{@url}#{path}")
    request = Net::HTTP::Post.new(uri)
    request["Content-Type"] = "application/json"
    request["Authorization"] = authorization if authorization
    request.body = body
    Net::HTTP.start(uri.host, uri.port) { |http| http.request(request) }.code.to_i
  end

  def test_delivery_receipts_of_messages_sent
    # With a test key, 07700900002 ends in permanent-failure and other numbers in delivered.
    sent = { "07700900002" => "permanent-failure", "07700900123" => "delivered" }.to_h do |number, status|
      response = client.send_sms(phone_number: number, template_id: TPL_SMS, personalisation: { name: "Ada" },
                                 reference: "ref-#{status}")
      [response.id, status]
    end
    2.times do
      receipt = next_callback
      assert_kind_of GovukNotify::Callbacks::DeliveryReceipt, receipt
      assert_equal sent.delete(receipt.id), receipt.status
      assert_equal "ref-#{receipt.status}", receipt.reference
      assert_equal TPL_SMS, receipt.template_id
      assert_equal client.get_notification(receipt.id).status, receipt.status
    end
    assert_empty sent
  end

  def test_received_text
    created = control(:post, "/received-texts", [{ user_number: "447700900111", content: "Hi from a phone" }])
    text = next_callback
    assert_kind_of GovukNotify::Callbacks::ReceivedText, text
    assert_equal created["received_text_messages"][0]["id"], text.id
    assert_equal "Hi from a phone", text.message
    assert_equal "447700900111", text.source_number
  end

  # A time field Time.parse cannot read is the gem's ArgumentError naming the body (it was a plain
  # ::ArgumentError, which the app's rescue did not catch: the connection was dropped).
  def test_an_unreadable_time_is_a_bad_body
    text = JSON.generate(id: "x", source_number: "1", destination_number: "2", message: "m", date_received: "soon")
    e = assert_raises(GovukNotify::ArgumentError) { GovukNotify::Callbacks.parse_received_text(text) }
    assert_equal "body", e.field
    assert_match(/date_received is not a time/, e.message)
    assert_equal 400, post("/notify/received-texts", text, "Bearer #{TOKEN}")
  end

  def test_wrong_token_and_bad_body_are_refused
    receipt = JSON.generate(id: "740e5834-3a29-46b4-9a6f-16142fde533a", reference: nil, to: "07700900123",
                            status: "delivered", created_at: "2017-05-14T12:15:30.000000Z",
                            completed_at: nil, sent_at: nil, notification_type: "sms",
                            template_id: "f33517ff-2a88-4f6e-b855-c550268ce08a", template_version: 1)
    assert_equal 401, post("/notify/delivery-receipts", receipt, "Bearer not-the-token")
    assert_equal 401, post("/notify/delivery-receipts", receipt, nil)
    assert_equal 400, post("/notify/delivery-receipts", "{}", "Bearer #{TOKEN}")
    assert_equal 400, post("/notify/received-texts", receipt, "Bearer #{TOKEN}")
    # The simulator configured with another token: its callback is refused and not retried.
    control(:post, "/callbacks", { url: "#{@url}/notify/delivery-receipts", token: "not-the-token" })
    id = send_test_sms.id
    record = nil
    600.times do
      record = control(:get, "/callbacks/log").find { |r| r["payload"]["id"] == id && r["finished"] }
      break if record

      sleep 0.05
    end
    refute_nil record, "the simulator's callback finished"
    assert_equal [401, false, 1], record.values_at("last_status", "delivered", "attempts")
    assert_equal 0, @received.size, "nothing was accepted"
    assert_equal 200, post("/notify/delivery-receipts", receipt, "Bearer #{TOKEN}")
    assert_equal "740e5834-3a29-46b4-9a6f-16142fde533a", next_callback.id
  end
end
