# frozen_string_literal: true

require "ffi"

module GovukNotify
  # The C ABI of libgovuk_notify (include/govuk_notify.h), bound with the ffi gem.
  #
  # This module owns loading the library and the memory rules of the C ABI: every string or
  # buffer the library returns is copied into Ruby and then freed with the library's own free
  # function, never with C free(). It holds no protocol rule: requests go in as JSON, responses and
  # error reports come back as JSON.
  #
  # Every function that can wait on the network is attached with +blocking: true+, so the calling
  # thread releases the GVL while the library waits and other Ruby threads keep running.
  module Native
    extend FFI::Library

    LIBRARY_NAME = "libgovuk_notify.so"

    class << self
      # Where the library is looked for, in order. GOVUK_NOTIFY_LIB (a file) replaces the list.
      # @return [Array<String>]
      def library_candidates
        explicit = ENV.fetch("GOVUK_NOTIFY_LIB", "")
        return [explicit] unless explicit.empty?

        [
          File.expand_path("native/#{LIBRARY_NAME}", __dir__), # the platform gem's copy
          LIBRARY_NAME # the system's search path (LD_LIBRARY_PATH, ldconfig)
        ]
      end
    end

    begin
      ffi_lib(library_candidates)
    rescue LoadError => e
      raise LoadError, "govuk-notify could not load its native library #{LIBRARY_NAME}; " \
                       "tried: #{library_candidates.join(', ')}. Install the x86_64-linux " \
                       "platform gem, or set GOVUK_NOTIFY_LIB to the path of a built " \
                       "libgovuk_notify.so (#{e.message.lines.first&.strip})"
    end

    typedef :uint32, :result
    typedef :pointer, :handle

    attach_function :govuk_notify_version, [], :string
    attach_function :govuk_notify_string_free, [:pointer], :void
    attach_function :govuk_notify_bytes_free, %i[pointer size_t], :void

    attach_function :govuk_notify_client_new, %i[string string pointer pointer], :result
    attach_function :govuk_notify_client_free, [:handle], :void

    # The operations that take (client, request_json, out_json, out_error_json).
    JSON_OPERATIONS = %i[
      send_sms send_email send_letter send_precompiled_letter get_notification list_notifications
      get_template get_template_version list_templates preview_template list_received_texts
    ].freeze
    JSON_OPERATIONS.each do |name|
      attach_function :"govuk_notify_#{name}", %i[handle string pointer pointer], :result,
                      blocking: true
    end

    attach_function :govuk_notify_send_precompiled_letter_bytes,
                    %i[handle string buffer_in size_t string pointer pointer], :result,
                    blocking: true
    attach_function :govuk_notify_get_pdf_for_letter,
                    %i[handle string pointer pointer pointer], :result, blocking: true
    attach_function :govuk_notify_prepare_upload,
                    %i[buffer_in size_t string pointer pointer], :result

    attach_function :govuk_notify_notifications_iter_new, %i[handle string pointer pointer], :result
    attach_function :govuk_notify_received_texts_iter_new, %i[handle string pointer pointer], :result
    attach_function :govuk_notify_pager_next_page, %i[handle pointer pointer], :result,
                    blocking: true
    attach_function :govuk_notify_pager_free, [:handle], :void

    # The callback helpers are newer than the rest of the ABI; an older library without them
    # still serves everything else.
    begin
      attach_function :govuk_notify_callback_parse_delivery_receipt,
                      %i[buffer_in size_t pointer pointer], :result
      attach_function :govuk_notify_callback_parse_received_text,
                      %i[buffer_in size_t pointer pointer], :result
      attach_function :govuk_notify_callback_verify_bearer_token, %i[string string], :bool
    rescue FFI::NotFoundError
      nil
    end

    # Pacing's waits and cancel tokens are newer still.
    begin
      attach_function :govuk_notify_wait_for_status,
                      %i[handle string string handle pointer pointer], :result, blocking: true
      attach_function :govuk_notify_cancel_token_new, %i[pointer pointer], :result
      attach_function :govuk_notify_cancel_token_cancel, [:handle], :void
      attach_function :govuk_notify_cancel_token_free, [:handle], :void
    rescue FFI::NotFoundError
      nil
    end

    OK = 0

    module_function

    # Calls a C function whose last two parameters are (char **out, char **out_error_json).
    # @return [String] the output string (UTF-8), copied and freed
    # @raise [GovukNotify::Error] built by the block from the error report (a Hash)
    def call_json(function, *args)
      out = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      check(public_send(function, *args, out, err), err) { |report| yield report }
      take_string(out.read_pointer)
    end

    # Raises the block's exception for a failed result, after taking the error report from +err+.
    # @param result [Integer] the result code
    # @param err [FFI::MemoryPointer] the out_error_json slot
    # @yieldparam report [Hash] the error report
    # @yieldreturn [Exception] the exception to raise
    # @return [nil] when the result is OK
    def check(result, err)
      return nil if result == OK

      raise yield(Errors.parse_report(take_string(err.read_pointer), result))
    end

    # Copies a library-owned C string into Ruby and frees it. nil for NULL.
    # @return [String, nil]
    def take_string(ptr)
      return nil if ptr.null?

      begin
        ptr.read_string.force_encoding(Encoding::UTF_8)
      ensure
        govuk_notify_string_free(ptr)
      end
    end

    # Copies a library-owned byte buffer into a binary Ruby String and frees it.
    # @return [String]
    def take_bytes(ptr, len)
      return "".b if ptr.null?

      begin
        ptr.read_bytes(len)
      ensure
        govuk_notify_bytes_free(ptr, len)
      end
    end
  end
end
