# frozen_string_literal: true

require "time"

module GovukNotify
  # Reading the callbacks Notify POSTs to your service: delivery receipts and received text
  # messages. The library parses the payloads and checks the bearer token in constant time.
  #
  #   unless GovukNotify::Callbacks.verify_bearer_token(request.authorization, ENV["CALLBACK_TOKEN"])
  #     halt 401
  #   end
  #   receipt = GovukNotify::Callbacks.parse_delivery_receipt(request.body.read)
  #   receipt.status # => "delivered"
  module Callbacks
    # A delivery receipt for an email or text message. The time fields are Time (nil when
    # Notify sent null); +template_version+ is an Integer.
    DeliveryReceipt = Struct.new(:id, :reference, :to, :status, :created_at, :completed_at,
                                 :sent_at, :notification_type, :template_id, :template_version,
                                 keyword_init: true)

    # A text message received by the service's number. +date_received+ is a Time.
    ReceivedText = Struct.new(:id, :source_number, :destination_number, :message, :date_received,
                              keyword_init: true)

    TIMES = %w[created_at completed_at sent_at date_received].freeze
    private_constant :TIMES

    module_function

    # @param body [String] the callback request's body
    # @return [DeliveryReceipt]
    # @raise [GovukNotify::ArgumentError] when the body is not a delivery receipt (field "body")
    def parse_delivery_receipt(body)
      DeliveryReceipt.new(**parse(:govuk_notify_callback_parse_delivery_receipt, body))
    end

    # @param body [String] the callback request's body
    # @return [ReceivedText]
    # @raise [GovukNotify::ArgumentError] when the body is not a received text message
    def parse_received_text(body)
      ReceivedText.new(**parse(:govuk_notify_callback_parse_received_text, body))
    end

    # Whether the request's Authorization header carries the token you configured in Notify
    # ("Bearer <token>", scheme in any case). Never raises; nil arguments give false.
    # @param authorization_header [String, nil]
    # @param expected_token [String, nil]
    # @return [Boolean]
    def verify_bearer_token(authorization_header, expected_token)
      return false if authorization_header.nil? || expected_token.nil?
      return false if authorization_header.include?("\0") || expected_token.include?("\0")

      Native.govuk_notify_callback_verify_bearer_token(authorization_header.to_s, expected_token.to_s)
    end

    def parse(function, body)
      unless Native.respond_to?(function)
        raise NotImplementedError, "the loaded libgovuk_notify has no callback helpers"
      end

      data = Convert.bytes(body)
      buffer = FFI::MemoryPointer.new(:uint8, [data.bytesize, 1].max)
      buffer.put_bytes(0, data)
      json = Native.call_json(function, buffer, data.bytesize) { |r| Errors.argument_error(r) }
      JSON.parse(json).to_h do |key, value|
        [key.to_sym, TIMES.include?(key) && value ? time(key, value) : value]
      end
    end

    # A time field that Time.parse cannot read is a bad body, not a plain ::ArgumentError.
    def time(key, value)
      Time.parse(value)
    rescue ::ArgumentError => e
      raise GovukNotify::ArgumentError.new("field" => "body", "message" => "body #{key} is not a time: #{e.message}")
    end
    private_class_method :time
    private_class_method :parse
  end
end
