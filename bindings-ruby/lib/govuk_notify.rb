# frozen_string_literal: true

# govuk-notify: a GOV.UK Notify client for Ruby over libgovuk_notify (the project's Rust core,
# through its C ABI).
#
# * +Notifications::Client+ is a drop-in for notifications-ruby-client 6.x
#   (+require "notifications/client"+ loads this gem).
# * +GovukNotify::Client+ adds timeouts, a retry policy, a proxy, an extra CA bundle and
#   iterators; +GovukNotify::Callbacks+ reads Notify's callbacks.
#
# Errors are +Notifications::Client::RequestError+ subclasses (also +GovukNotify::Error+); see
# +GovukNotify::Errors::KIND_CLASSES+.
module GovukNotify
  # The version of the loaded libgovuk_notify.
  # @return [String]
  def self.library_version
    Native.govuk_notify_version
  end
end

require_relative "govuk_notify/version"
require_relative "govuk_notify/native"
require_relative "govuk_notify/errors"
require_relative "govuk_notify/models"
require_relative "govuk_notify/client"
require_relative "govuk_notify/extras"
require_relative "govuk_notify/callbacks"
