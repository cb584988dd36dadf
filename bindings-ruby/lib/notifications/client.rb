# frozen_string_literal: true

# The entry point of notifications-ruby-client, so code written for it runs unchanged.
require_relative "../govuk_notify"
