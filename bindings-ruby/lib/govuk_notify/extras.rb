# frozen_string_literal: true

module GovukNotify
  # How the library retries. Every attribute left nil keeps the library's default (written next
  # to it). Reads are retried on transport errors, timeouts, 5xx and 429 RateLimitError; a send
  # is retried only when it certainly never reached Notify, unless +retry_sends+ is true.
  #
  # @!attribute max_retries [Integer, nil] retries after the first attempt (default 2)
  # @!attribute initial_backoff [Numeric, nil] seconds before the first retry (default 0.25)
  # @!attribute max_backoff [Numeric, nil] the longest pause, in seconds (default 5)
  # @!attribute backoff_multiplier [Float, nil] growth of the pause per retry (default 2.0)
  # @!attribute jitter [Boolean, nil] randomise each pause ("full jitter"; default true)
  # @!attribute retry_sends [Boolean, nil] also retry sends that may have reached Notify
  #   (default false: a message could be sent twice)
  RetryPolicy = Struct.new(:max_retries, :initial_backoff, :max_backoff, :backoff_multiplier,
                           :jitter, :retry_sends, keyword_init: true) do
    # A policy that never retries.
    # @return [RetryPolicy]
    def self.none
      new(max_retries: 0)
    end

    # The library's +retry+ option (milliseconds).
    # @return [Hash]
    def to_native
      {
        "max_retries" => max_retries,
        "initial_backoff_ms" => initial_backoff && (initial_backoff * 1000).round,
        "max_backoff_ms" => max_backoff && (max_backoff * 1000).round,
        "backoff_multiplier" => backoff_multiplier&.to_f,
        "jitter" => jitter,
        "retry_sends" => retry_sends
      }.compact
    end
  end

  # {Notifications::Client} with this library's extras: timeouts, a retry policy, a proxy, an
  # extra CA bundle, and iterators over every page of notifications and received texts.
  #
  #   client = GovukNotify::Client.new(ENV.fetch("NOTIFY_API_KEY"), timeout: 10,
  #                                    retry_policy: GovukNotify::RetryPolicy.new(max_retries: 4))
  #   client.notifications(status: "delivered").each { |n| puts n.id }
  class Client < Notifications::Client
    # @param api_key [String]
    # @param positional_base_url [String, nil] the base URL, positional as for
    #   Notifications::Client
    # @param base_url [String, nil] the same as a keyword (it wins over the positional one)
    # @param timeout [Numeric, nil] seconds per attempt for the whole request (default 30)
    # @param connect_timeout [Numeric, nil] seconds to connect (default 10)
    # @param retry_policy [RetryPolicy, Hash, nil] nil for the default policy
    # @param proxy [String, nil] proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply
    # @param ca_bundle [String, nil] extra trusted certificates: a PEM file's path, or PEM text
    # @param allow_insecure_http [Boolean, nil] allow http:// to a host that is not loopback
    # @param max_response_bytes [Integer, nil] the largest body accepted (default 32 MiB)
    # @param pace [Boolean, Integer, Array(Integer, Numeric), nil] queue sends to stay under
    #   Notify's rate limit, across every thread using the client: true for Notify's 3,000 a
    #   minute, an Integer for sends a minute, or [limit, window_seconds]; nil (default) for none.
    #   Queueing time is not part of +timeout+.
    # @raise [GovukNotify::ArgumentError] for a malformed key or option, naming it
    def initialize(api_key = nil, positional_base_url = nil, base_url: nil, timeout: nil,
                   connect_timeout: nil, retry_policy: nil, proxy: nil, ca_bundle: nil,
                   allow_insecure_http: nil, max_response_bytes: nil, pace: nil)
      options = {
        "timeout_ms" => timeout && (timeout * 1000).round,
        "connect_timeout_ms" => connect_timeout && (connect_timeout * 1000).round,
        "retry" => retry_options(retry_policy),
        "proxy" => proxy,
        "ca_bundle_pem" => ca_bundle && read_pem(ca_bundle),
        "allow_insecure_http" => allow_insecure_http,
        "max_response_bytes" => max_response_bytes,
        "pace" => pace_option(pace)
      }.compact
      # rubocop:disable Lint/MissingSuper -- the parent's initialize is this with no options
      open_native_client(api_key, base_url || positional_base_url, options)
      # rubocop:enable Lint/MissingSuper
    end

    # Every notification matching the filters, newest first, fetching pages as it goes (the
    # library follows links.next with the same filters and stops at an empty page).
    # @param filters [Hash] template_type:, status:, reference:, older_than:, include_jobs:
    # @return [Enumerator<Notifications::Client::Notification>]
    def notifications(filters = {})
      walk(:govuk_notify_notifications_iter_new, filters) do |page|
        Notifications::Client::NotificationsCollection.new(page).collection
      end
    end

    # Every received text message, newest first.
    # @param filters [Hash] older_than:
    # @return [Enumerator<Notifications::Client::ReceivedText>]
    def received_texts(filters = {})
      walk(:govuk_notify_received_texts_iter_new, filters) do |page|
        Notifications::Client::ReceivedTextCollection.new(page).collection
      end
    end

    # Polls a notification until its status is one of +until+ (default: any final status:
    # delivered, sent, received, permanent-failure, temporary-failure, technical-failure, failed,
    # cancelled, returned-letter, validation-failed, virus-scan-failed) and returns it. Polls at
    # once, then after +poll_interval+ seconds, each wait 1.5 times the last, up to
    # +max_poll_interval+. Transient poll errors (5xx, network) do not end the wait. Not in the
    # official client.
    # @param id [String] the notification's id
    # @param until [String, Array<String>, nil] the statuses to wait for
    # @param timeout [Numeric] seconds to wait in all (default 300)
    # @param poll_interval [Numeric] seconds before the second poll (default 1)
    # @param max_poll_interval [Numeric] the longest wait between polls (default 30)
    # @param cancel [CancelToken, nil] {CancelToken#cancel} from another thread ends the wait
    # @return [Notifications::Client::Notification]
    # @raise [Notifications::Client::TimeoutError] when the timeout passes first or the wait is
    #   cancelled (the message says which, and the last status seen)
    # @raise [Notifications::Client::RequestError] a poll's error that is not transient (e.g.
    #   NotFoundError), or an argument error (unknown status, malformed id) before any request
    def wait_for_status(id, until: nil, timeout: 300, poll_interval: 1, max_poll_interval: 30,
                        cancel: nil)
      statuses = binding.local_variable_get(:until)
      options = {
        "until" => statuses.nil? ? nil : Array(statuses).map(&:to_s),
        "timeout_ms" => (timeout * 1000).round,
        "poll_interval_ms" => (poll_interval * 1000).round,
        "max_poll_interval_ms" => (max_poll_interval * 1000).round
      }.compact
      token = cancel.nil? ? FFI::Pointer::NULL : cancel.native_handle
      body = Native.call_json(:govuk_notify_wait_for_status, native_handle, String(id),
                              Convert.json(options), token) do |report|
        Errors.request_error(report)
      end
      Notifications::Client::Notification.new(JSON.parse(body))
    end

    private

    def pace_option(pace)
      case pace
      when nil, false, true, Integer then pace
      when Array
        limit, window = pace
        { "limit" => limit, "window_ms" => (window * 1000).round }
      else raise TypeError, "pace must be true, an Integer (sends a minute) or [limit, window_seconds]"
      end
    end

    def retry_options(policy)
      case policy
      when nil then nil
      when RetryPolicy then policy.to_native
      when Hash then RetryPolicy.new(**policy.transform_keys(&:to_sym)).to_native
      else raise TypeError, "retry_policy must be a GovukNotify::RetryPolicy or a Hash"
      end
    end

    def read_pem(bundle)
      bundle.include?("-----BEGIN") ? bundle : File.read(bundle)
    end

    # An Enumerator over the items of every page; each walk starts its own pager.
    def walk(constructor, filters, &items)
      filter_json = filters.nil? || filters.empty? ? nil : Convert.json(filters)
      Enumerator.new do |yielder|
        pager = Pager.new(native_handle, constructor, filter_json)
        begin
          while (page = pager.next_page)
            items.call(page).each { |item| yielder << item }
          end
        ensure
          pager.close
        end
      end
    end
  end

  # Cancels {Client#wait_for_status} calls given it, from any thread (for example a thread that
  # handles a shutdown signal while another waits). Cancelling is permanent.
  #
  #   token = GovukNotify::CancelToken.new
  #   Thread.new { sleep 5; token.cancel }
  #   client.wait_for_status(id, cancel: token) # raises TimeoutError once cancelled
  class CancelToken
    def initialize
      out = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      result = Native.govuk_notify_cancel_token_new(out, err)
      Native.check(result, err) { |report| Errors.request_error(report) }
      @handle = out.read_pointer
      ObjectSpace.define_finalizer(self, self.class.finalizer(@handle))
    end

    # Ends every wait using this token, now and later.
    # @return [void]
    def cancel
      Native.govuk_notify_cancel_token_cancel(@handle)
      nil
    end

    # @api private
    # @return [FFI::Pointer]
    def native_handle
      @handle
    end

    # @api private
    def self.finalizer(handle)
      proc { Native.govuk_notify_cancel_token_free(handle) }
    end
  end

  # One walk over the pages of a list (a libgovuk_notify pager). Freed at the end of the walk,
  # or when garbage collected if the walk was abandoned.
  # @api private
  class Pager
    def initialize(client_handle, constructor, filter_json)
      out = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      result = Native.public_send(constructor, client_handle, filter_json, out, err)
      Native.check(result, err) { |report| Errors.request_error(report) }
      @handle = out.read_pointer
      ObjectSpace.define_finalizer(self, self.class.finalizer(@handle))
    end

    # @api private
    def self.finalizer(handle)
      proc { Native.govuk_notify_pager_free(handle) }
    end

    # @return [Hash, nil] the next non-empty page, nil at the end
    def next_page
      json = Native.call_json(:govuk_notify_pager_next_page, @handle || FFI::Pointer::NULL) do |report|
        Errors.request_error(report)
      end
      json && JSON.parse(json)
    end

    # Frees the pager now; calling it twice does nothing.
    def close
      handle = @handle
      @handle = nil
      return nil unless handle

      ObjectSpace.undefine_finalizer(self)
      Native.govuk_notify_pager_free(handle)
      nil
    end

    def inspect
      "#<#{self.class.name}>"
    end
  end
end
