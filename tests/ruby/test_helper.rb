# frozen_string_literal: true

# Shared by the Ruby tests: the simulator tests/ruby/run.sh started (its address and ids come in
# the GN_* variables of scripts/lib/simulator.sh), its control API, and small helpers.
require "minitest/autorun"
require "json"
require "net/http"
require "securerandom"
require "socket"
require "stringio"
require "tempfile"
require "notifications/client"

module SimulatorHelpers
  BASE_URL = ENV.fetch("GN_BASE_URL")
  CONTROL_URL = ENV.fetch("GN_CONTROL_URL")
  KEY_TEST = ENV.fetch("GN_KEY_TEST")
  KEY_TEAM = ENV.fetch("GN_KEY_TEAM")
  SERVICE_ID = ENV.fetch("GN_SERVICE_ID")
  TPL_SMS = ENV.fetch("GN_TPL_SMS")
  TPL_EMAIL = ENV.fetch("GN_TPL_EMAIL")
  TPL_EMAIL_FILE = ENV.fetch("GN_TPL_EMAIL_FILE")
  TPL_LETTER = ENV.fetch("GN_TPL_LETTER")
  TPL_SMS_VERSIONED = ENV.fetch("GN_TPL_SMS_VERSIONED")
  SMS_SENDER_ID = ENV.fetch("GN_SMS_SENDER_ID")
  EMAIL_REPLY_TO_ID = ENV.fetch("GN_EMAIL_REPLY_TO_ID")
  # The last 36 characters of a key are its secret: it must never be shown.
  SECRET = KEY_TEST[-36..]
  PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".b

  # A control API call; returns the parsed body (or nil).
  def control(method, path, body = nil)
    uri = URI("#{CONTROL_URL}#{path}")
    klass = { get: Net::HTTP::Get, post: Net::HTTP::Post, delete: Net::HTTP::Delete }.fetch(method)
    request = klass.new(uri)
    if body
      request["Content-Type"] = "application/json"
      request.body = JSON.generate(body)
    end
    response = Net::HTTP.start(uri.host, uri.port) { |http| http.request(request) }
    raise "control #{method} #{path}: #{response.code} #{response.body}" unless response.code.start_with?("2")

    response.body.nil? || response.body.empty? ? nil : JSON.parse(response.body)
  end

  def add_fault(fault)
    control(:post, "/faults", fault)
  end

  def clear_faults
    control(:delete, "/faults")
  end

  def client
    @client ||= Notifications::Client.new(KEY_TEST, BASE_URL)
  end

  # A client that does not retry, for fault tests on reads.
  def no_retry_client(**options)
    GovukNotify::Client.new(KEY_TEST, BASE_URL, retry_policy: GovukNotify::RetryPolicy.none, **options)
  end

  def send_test_sms(reference: nil, target: client)
    args = { phone_number: "07700900123", template_id: TPL_SMS, personalisation: { name: "Amala" } }
    args[:reference] = reference if reference
    target.send_sms(args)
  end

  # A loopback port nothing listens on.
  def closed_port
    server = TCPServer.new("127.0.0.1", 0)
    port = server.addr[1]
    server.close
    port
  end

  def teardown
    clear_faults
    super
  end
end
