# frozen_string_literal: true

require "json"

module Notifications
  class Client
    # The base of every error a request raises, as in notifications-ruby-client: +code+ is the
    # HTTP status as a String ("400"), +body+ the parsed JSON body (or the raw text when it is not
    # JSON), and +message+ Notify's errors joined as "Error: message, ...".
    #
    # This gem adds what the core knows about the failure: {#kind} (the core's error kind),
    # {#retryable?}, {#may_have_reached_server?}, {#status_code} (an Integer), {#errors} (Notify's
    # list as sent), {#raw_body}, {#field} (for argument errors) and {#clock_skew_seconds}.
    # Transport failures and timeouts have no status: +code+ and +status_code+ are nil.
    class RequestError < StandardError
      # @return [String, nil] the HTTP status, e.g. "400" (a String, like Net::HTTP's)
      attr_reader :code
      # @return [Hash, String, nil] the JSON body parsed, the raw text if it is not JSON
      attr_reader :body

      # @param report [Hash, #code+#body] the C library's error report (see ffi-c/README.md,
      #   "Errors"), or, as the official client takes, an HTTP response with +code+ and +body+
      #   (so application tests that build these errors themselves keep working)
      def initialize(report = {})
        report = report_from_response(report) unless report.is_a?(Hash)
        @report = report
        @status_code = report["status_code"]
        @code = @status_code&.to_s
        @raw_body = report["body"]
        @body = parse_body(@raw_body)
        # Refused before sending, for input Notify itself answers with a 400: the body it would send.
        if @body.nil? && report["refused_before_sending"] && @status_code
          @body = { "status_code" => @status_code, "errors" => errors }
        end
        super(build_message)
      end

      # @return [Integer, nil] the HTTP status, nil when no response arrived
      attr_reader :status_code
      # @return [String, nil] the response body exactly as received
      attr_reader :raw_body

      # @return [Symbol] the core's error kind (:validation, :auth, :transport, :timeout, ...)
      def kind
        @report.fetch("kind", "internal").to_sym
      end

      # @return [Array<Hash>] Notify's +errors+ list as sent ([{"error", "message"}]), or []
      def errors
        @report.fetch("errors", nil) || []
      end

      # Whether repeating this same call is likely to help and is safe: false for a send that
      # may already have reached Notify.
      def retryable?
        @report.fetch("retryable", false) == true
      end

      # False when the request certainly never reached Notify (e.g. the connection was refused).
      def may_have_reached_server?
        @report.fetch("may_have_reached_server", true) != false
      end

      # @return [String, nil] for argument errors: the argument or request field at fault
      def field
        @report["field"]
      end

      # @return [Integer, nil] how far this machine's clock is from Notify's, when that is why
      #   the token was refused
      def clock_skew_seconds
        @report["clock_skew_seconds"]
      end

      private

      def report_from_response(response)
        body = response.body&.to_s
        parsed = parse_body(body)
        errors = parsed.is_a?(Hash) && parsed["errors"].is_a?(Array) ? parsed["errors"] : []
        { "kind" => "http", "status_code" => response.code&.to_i, "body" => body, "errors" => errors }
      end

      def parse_body(raw)
        return nil if raw.nil?

        JSON.parse(raw)
      rescue JSON::ParserError
        raw
      end

      def build_message
        notify_errors = errors.select { |e| e.is_a?(Hash) }
        unless notify_errors.empty?
          return notify_errors.map { |e| "#{e['error']}: #{e['message']}" }.join(", ")
        end
        return body if body.is_a?(String) && !body.empty?

        @report.fetch("message", "request failed").to_s
      end
    end

    # A 4xx answer from Notify (the official client's class for statuses without their own).
    class ClientError < RequestError; end
    # 400: Notify refused the request (ValidationError, BadRequestError, PDFNotReadyError).
    class BadRequestError < ClientError; end
    # 401/403: the key or token was refused.
    class AuthError < ClientError; end
    # 404: no such notification or template.
    class NotFoundError < ClientError; end
    # 429: too many requests this minute (retryable after a pause).
    class RateLimitError < ClientError; end
    # 5xx.
    class ServerError < RequestError; end

    # Refinements from the core's taxonomy. Each is a subclass of the class the official client
    # would raise (or of RequestError when it would raise something unrelated), so code written
    # for the official client still rescues it.

    # 429 TooManyRequestsError: the daily limit is used up; not retryable today.
    class DailyLimitError < RateLimitError; end
    # Refused before anything was sent (a malformed id, postage, field or value); {#field} names
    # the argument. Notify would have answered 400 for the same input, hence the superclass.
    class InvalidArgumentError < BadRequestError; end
    # Notify could not be reached: DNS, connection refused or reset, TLS, proxy. No status.
    class TransportError < RequestError; end
    # No complete response within the timeout. A send may have reached Notify.
    class TimeoutError < RequestError; end
    # A success status with a body that is not what the endpoint returns.
    class InvalidResponseError < RequestError; end
    # A bug in this library.
    class InternalError < RequestError; end
  end
end

module GovukNotify
  # Included in every error this gem raises, so +rescue GovukNotify::Error+ catches them all.
  module Error; end

  # Refused at construction or by {Notifications.prepare_upload} (a bad API key, option or file):
  # an ::ArgumentError, as the official client raises for those, naming the argument in {#field}.
  class ArgumentError < ::ArgumentError
    include Error

    # @return [String, nil] the argument at fault, e.g. "api_key"
    attr_reader :field

    # @return [Symbol] always :argument
    def kind
      :argument
    end

    # @return [false]
    def retryable?
      false
    end

    # @param report [Hash] the C library's error report
    def initialize(report)
      @field = report["field"]
      super(report.fetch("message", "invalid argument").to_s)
    end
  end

  Notifications::Client::RequestError.include(Error)

  # The error classes under this namespace too: GovukNotify::BadRequestError and so on.
  %i[
    RequestError ClientError BadRequestError AuthError NotFoundError RateLimitError ServerError
    DailyLimitError InvalidArgumentError TransportError TimeoutError InvalidResponseError
    InternalError
  ].each { |name| const_set(name, Notifications::Client.const_get(name)) }

  # Turns the C library's error reports into exceptions: one table from the core's kinds.
  module Errors
    KIND_CLASSES = {
      "argument" => InvalidArgumentError,
      "auth" => AuthError,
      "validation" => BadRequestError,
      "not_found" => NotFoundError,
      "rate_limited" => RateLimitError,
      "daily_limit" => DailyLimitError,
      "server" => ServerError,
      "transport" => TransportError,
      "timeout" => TimeoutError,
      "invalid_response" => InvalidResponseError,
      "internal" => InternalError
    }.freeze

    module_function

    # @param text [String, nil] the error JSON
    # @param result [Integer] the result code, used when the report is missing
    # @return [Hash]
    def parse_report(text, result)
      report = text.nil? ? nil : JSON.parse(text)
      report.is_a?(Hash) ? report : { "kind" => "internal", "code" => result,
                                      "message" => "the library reported result #{result}" }
    rescue JSON::ParserError
      { "kind" => "internal", "code" => result, "message" => "unreadable error report" }
    end

    # The exception for a failed request.
    # @param report [Hash]
    # @return [Notifications::Client::RequestError]
    def request_error(report)
      klass = KIND_CLASSES[report["kind"]] || http_class(report["status_code"])
      klass.new(report)
    end

    # "http" is every other status; the official client's classes by range.
    def http_class(status)
      case status
      when 400..499 then ClientError
      when 500..599 then ServerError
      else RequestError
      end
    end

    # The exception for a failure at construction or in prepare_upload: argument errors are
    # ::ArgumentErrors there, as in the official client.
    def argument_error(report)
      report["kind"] == "argument" ? GovukNotify::ArgumentError.new(report) : request_error(report)
    end
  end
end
