# frozen_string_literal: true

require "time"

module Notifications
  class Client
    # Shared by the response classes: one reader per documented field, read from the response
    # Hash as Notify sent it (a missing field reads as nil), and the date fields the official
    # client returns as Time (or the raw value when it does not parse, e.g. nil).
    module ResponseFields
      def self.included(base)
        base.extend(ClassMethods)
      end

      # Class-level declaration of the fields.
      module ClassMethods
        # Declares the readers.
        # @param fields [Array<Symbol>]
        # @param times [Array<Symbol>] fields returned as Time
        # @param custom [Array<Symbol>] fields whose reader the class writes itself
        def fields(fields, times: [], custom: [])
          const_set(:FIELDS, fields.freeze)
          attr_reader(*(fields - times - custom))
          times.each do |field|
            define_method(field) do
              value = instance_variable_get(:"@#{field}")
              begin
                Time.parse(value)
              rescue StandardError
                value
              end
            end
          end
        end
      end

      # @param data [Hash] the response object with String keys
      def initialize(data)
        self.class::FIELDS.each do |field|
          instance_variable_set(:"@#{field}", data.fetch(field.to_s, nil))
        end
      end
    end

    # The answer to send_sms, send_email and send_letter.
    class ResponseNotification
      include ResponseFields
      fields %i[id reference content template uri sanitised_content]
    end

    # The answer to send_precompiled_letter.
    class ResponsePrecompiledLetter
      include ResponseFields
      fields %i[id reference postage]
    end

    # One notification, from get_notification or get_notifications.
    class Notification
      include ResponseFields
      fields %i[
        id reference email_address phone_number line_1 line_2 line_3 line_4 line_5 line_6
        postcode postage type status template body subject sent_at created_at completed_at
        created_by_name one_click_unsubscribe_url cost_in_pounds is_cost_data_ready cost_details
        estimated_delivery
      ], times: %i[sent_at created_at completed_at], custom: %i[cost_details]

      # The cost breakdown: the Hash Notify sent (as the official client returns it), which also
      # answers the documentation's readers, e.g. +cost_details.billable_sms_fragments+.
      # @return [CostDetails, nil]
      def cost_details
        @cost_details.is_a?(Hash) ? CostDetails[@cost_details] : @cost_details
      end

      # The documentation's name for {#one_click_unsubscribe_url}.
      # @return [String, nil]
      def one_click_unsubscribe
        one_click_unsubscribe_url
      end
    end

    # {Notification#cost_details}: a Hash with a reader per documented key (nil when absent).
    class CostDetails < Hash
      %i[billable_sms_fragments international_rate_multiplier sms_rate billable_sheets_of_paper
         postage].each do |key|
        define_method(key) { self[key.to_s] }
      end
    end

    # A page of notifications: {#collection} (Notification objects) and Notify's {#links}.
    class NotificationsCollection
      # @return [Hash] links to this page and the next (+"current"+, +"next"+)
      attr_reader :links
      # @return [Array<Notification>]
      attr_reader :collection

      # @param response [Hash]
      def initialize(response)
        @links = response["links"]
        @collection = collection_from(response["notifications"])
      end

      # @return [Array<Notification>]
      def collection_from(notifications)
        (notifications || []).map { |n| Notification.new(n) }
      end
    end

    # One text message received by the service.
    class ReceivedText
      include ResponseFields
      fields %i[id created_at content notify_number service_id user_number], times: %i[created_at]
    end

    # A page of received text messages: {#collection} and {#links}.
    class ReceivedTextCollection
      # @return [Hash]
      attr_reader :links
      # @return [Array<ReceivedText>]
      attr_reader :collection

      # @param response [Hash]
      def initialize(response)
        @links = response["links"]
        @collection = collection_from(response["received_text_messages"])
      end

      # @return [Array<ReceivedText>]
      def collection_from(received_texts)
        (received_texts || []).map { |t| ReceivedText.new(t) }
      end
    end

    # A template (get_template_by_id, get_template_version, get_all_templates).
    class Template
      include ResponseFields
      fields %i[
        id type name created_at updated_at created_by version body subject letter_contact_block
        postage
      ], times: %i[created_at updated_at]
    end

    # All templates: {#collection}.
    class TemplateCollection
      # @return [Array<Template>]
      attr_reader :collection

      # @param response [Hash]
      def initialize(response)
        @collection = collection_from(response["templates"])
      end

      # @return [Array<Template>]
      def collection_from(templates)
        (templates || []).map { |t| Template.new(t) }
      end
    end

    # A rendered template (generate_template_preview).
    class TemplatePreview
      include ResponseFields
      fields %i[id version body subject type html postage]
    end
  end
end
