# frozen_string_literal: true

require "json"

module Notifications
  # A GOV.UK Notify client with the API of notifications-ruby-client 6.x, over libgovuk_notify.
  #
  # Every method sends its arguments to the C library as JSON and wraps the answer in the same
  # response classes as the official client. The library checks the arguments (ids must be
  # UUIDs, and so on) before anything is sent, authenticates, retries safe reads, and maps
  # errors; this class only converts types. One client may be shared by many threads, and a
  # client created before fork() keeps working in the child. Waiting on the network releases
  # the GVL.
  class Client
    # The notifications-ruby-client version whose API this class implements.
    VERSION = "6.4.0"
    # The default base URL.
    PRODUCTION_BASE_URL = "https://api.notifications.service.gov.uk"
    # The official client's constant for the upload limit (the library enforces it).
    MAX_FILE_UPLOAD_SIZE = 2 * 1024 * 1024

    # @return [String] the base URL requests go to
    attr_reader :base_url

    # @param api_key [String] your Notify API key; only the library keeps it, and its secret
    #   never appears in inspect, messages or errors
    # @param base_url [String, nil] nil for {PRODUCTION_BASE_URL}
    # @raise [GovukNotify::ArgumentError] (an ::ArgumentError) for a malformed key or base URL
    def initialize(api_key = nil, base_url = nil)
      open_native_client(api_key, base_url, {})
    end

    # Sends a text message.
    # @param args [Hash] phone_number:, template_id:, personalisation: {}, reference:,
    #   sms_sender_id:
    # @return [ResponseNotification]
    # @raise [RequestError] (a subclass: see the README)
    def send_sms(args)
      ResponseNotification.new(perform(:send_sms, args))
    end

    # Sends an email.
    # @param args [Hash] email_address:, template_id:, personalisation:, reference:,
    #   email_reply_to_id:, one_click_unsubscribe_url:, sanitise_content_for:
    # @return [ResponseNotification]
    def send_email(args)
      ResponseNotification.new(perform(:send_email, args))
    end

    # Sends a letter from a template.
    # @param args [Hash] template_id:, personalisation: (with address_line_1...), reference:
    # @return [ResponseNotification]
    def send_letter(args)
      ResponseNotification.new(perform(:send_letter, args))
    end

    # Sends a precompiled PDF letter.
    # @param reference [String]
    # @param pdf_file [IO, String] an IO opened for reading (binary), or the PDF's bytes
    # @param postage [String, nil] "first", "second" or "economy"; nil for the default
    # @return [ResponsePrecompiledLetter]
    def send_precompiled_letter(reference, pdf_file, postage = nil)
      data = GovukNotify::Convert.bytes(pdf_file)
      buffer = FFI::MemoryPointer.new(:uint8, [data.bytesize, 1].max)
      buffer.put_bytes(0, data)
      json = GovukNotify::Native.call_json(
        :govuk_notify_send_precompiled_letter_bytes, native_handle, reference, buffer,
        data.bytesize, postage
      ) { |report| GovukNotify::Errors.request_error(report) }
      ResponsePrecompiledLetter.new(JSON.parse(json))
    end

    # The PDF of a letter. Until Notify has made it, raises BadRequestError (PDFNotReadyError).
    # @param id [String] the notification id
    # @return [String] the PDF's bytes (binary)
    def get_pdf_for_letter(id)
      json = GovukNotify::Convert.json("notification_id" => id)
      data = FFI::MemoryPointer.new(:pointer)
      len = FFI::MemoryPointer.new(:size_t)
      err = FFI::MemoryPointer.new(:pointer)
      result = GovukNotify::Native.govuk_notify_get_pdf_for_letter(native_handle, json, data, len, err)
      GovukNotify::Native.check(result, err) { |report| GovukNotify::Errors.request_error(report) }
      GovukNotify::Native.take_bytes(data.read_pointer, len.read(:size_t))
    end

    # One notification.
    # @param id [String]
    # @return [Notification]
    def get_notification(id)
      Notification.new(perform(:get_notification, { "notification_id" => id }))
    end

    # One page (up to 250) of notifications, newest first.
    # @param options [Hash] template_type:, status:, reference:, older_than:, include_jobs:
    # @return [NotificationsCollection]
    def get_notifications(options = {})
      NotificationsCollection.new(perform(:list_notifications, options, optional: true))
    end

    # The latest version of a template.
    # @param id [String]
    # @return [Template]
    def get_template_by_id(id, options = {})
      request = { "template_id" => id }.merge(GovukNotify::Convert.string_keys(options))
      Template.new(perform(:get_template, request))
    end

    # One version of a template.
    # @param id [String]
    # @param version [Integer, String] a number from 1
    # @return [Template]
    def get_template_version(id, version, options = {})
      request = { "template_id" => id, "version" => GovukNotify::Convert.integer(version) }
      Template.new(perform(:get_template_version, request.merge(GovukNotify::Convert.string_keys(options))))
    end

    # Every template of the service.
    # @param options [Hash] type: "sms", "email" or "letter"
    # @return [TemplateCollection]
    def get_all_templates(options = {})
      request = GovukNotify::Convert.string_keys(options)
      request["template_type"] = request.delete("type") if request.key?("type")
      TemplateCollection.new(perform(:list_templates, request, optional: true))
    end

    # Renders a template without sending it.
    # @param id [String]
    # @param options [Hash] personalisation:
    # @return [TemplatePreview]
    def generate_template_preview(id, options = {})
      request = { "template_id" => id }.merge(GovukNotify::Convert.string_keys(options))
      TemplatePreview.new(perform(:preview_template, request))
    end

    # One page of received text messages, newest first.
    # @param options [Hash] older_than:
    # @return [ReceivedTextCollection]
    def get_received_texts(options = {})
      ReceivedTextCollection.new(perform(:list_received_texts, options, optional: true))
    end

    # Releases the library's client now instead of when this object is garbage collected.
    # Later calls raise InvalidArgumentError. Calling it twice does nothing.
    # @return [nil]
    def close
      handle = @native_handle
      @native_handle = nil
      return nil unless handle

      ObjectSpace.undefine_finalizer(self)
      GovukNotify::Native.govuk_notify_client_free(handle)
      nil
    end

    # No key, no secret: only the class and the base URL.
    # @return [String]
    def inspect
      "#<#{self.class.name} base_url=#{base_url.inspect}>"
    end
    alias to_s inspect

    # Frees a native client handle; the library ignores handles already freed.
    # @api private
    # @param handle [FFI::Pointer] the handle (a token, not an address)
    def self.native_finalizer(handle)
      proc { GovukNotify::Native.govuk_notify_client_free(handle) }
    end

    private

    def open_native_client(api_key, base_url, options)
      @base_url = base_url || PRODUCTION_BASE_URL
      request = { "base_url" => base_url, "user_agent_suffix" => "ruby/#{RUBY_VERSION}" }
      request = request.merge(options).compact
      key = api_key.nil? ? nil : String(api_key)
      out = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      result = GovukNotify::Native.govuk_notify_client_new(key, GovukNotify::Convert.json(request),
                                                           out, err)
      GovukNotify::Native.check(result, err) { |report| GovukNotify::Errors.argument_error(report) }
      @native_handle = out.read_pointer
      ObjectSpace.define_finalizer(self, self.class.native_finalizer(@native_handle))
    end

    # A closed client passes NULL, which the library refuses (an argument error naming "client").
    def native_handle
      @native_handle || FFI::Pointer::NULL
    end

    # Runs a JSON operation and parses its answer.
    def perform(operation, request, optional: false)
      json = if request.is_a?(String)
               request
             elsif optional && (request.nil? || request.empty?)
               nil
             else
               GovukNotify::Convert.json(request)
             end
      body = GovukNotify::Native.call_json(:"govuk_notify_#{operation}", native_handle, json) do |report|
        GovukNotify::Errors.request_error(report)
      end
      JSON.parse(body)
    end
  end

  # Reads a file to send by email: pass the result as a value in +personalisation+.
  #
  # @param file [IO, String] an IO opened for reading (binary), or the file's bytes
  # @param positional_filename [String, nil] the filename, as one documented example passes it
  # @param filename [String, nil] the name the recipient sees (with its extension)
  # @param confirm_email_before_download [Boolean, nil]
  # @param retention_period [String, nil] e.g. "52 weeks"
  # @return [Hash] {file:, filename:, confirm_email_before_download:, retention_period:}
  # @raise [GovukNotify::ArgumentError] (an ::ArgumentError) "File is larger than 2MB"
  def self.prepare_upload(file, positional_filename = nil, filename: nil,
                          confirm_email_before_download: nil, retention_period: nil)
    data = GovukNotify::Convert.bytes(file)
    options = {
      "filename" => filename || positional_filename,
      "confirm_email_before_download" => confirm_email_before_download,
      "retention_period" => retention_period
    }.compact
    buffer = FFI::MemoryPointer.new(:uint8, [data.bytesize, 1].max)
    buffer.put_bytes(0, data)
    json = GovukNotify::Native.call_json(:govuk_notify_prepare_upload, buffer, data.bytesize,
                                         options.empty? ? nil : GovukNotify::Convert.json(options)) do |report|
      GovukNotify::Errors.argument_error(report)
    end
    JSON.parse(json).transform_keys(&:to_sym)
  end
end

module GovukNotify
  # Ruby values to what the C ABI takes. Conversions only, no rules.
  module Convert
    module_function

    # @return [String] JSON text
    # @raise [InvalidArgumentError] when a value cannot be written as JSON (e.g. invalid UTF-8)
    def json(value)
      JSON.generate(value)
    rescue JSON::GeneratorError, Encoding::UndefinedConversionError => e
      raise InvalidArgumentError.new("kind" => "argument", "field" => "request",
                                     "message" => "request cannot be encoded as JSON: #{e.message}")
    end

    # @return [Hash{String => Object}]
    def string_keys(hash)
      (hash || {}).to_h.transform_keys(&:to_s)
    end

    # "3" to 3, as the official client put the version in the URL as text.
    def integer(value)
      value.is_a?(String) && value.match?(/\A\d+\z/) ? Integer(value, 10) : value
    end

    # The bytes of an IO (read to the end) or a String.
    # @return [String] binary
    def bytes(file)
      data = file.respond_to?(:read) ? file.read : file
      raise TypeError, "expected an IO or a String, got #{file.class}" unless data.is_a?(String)

      data.b
    end
  end
end
