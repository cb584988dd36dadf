# frozen_string_literal: true

require_relative "lib/govuk_notify/version"

# The platform gem carries libgovuk_notify.so in lib/govuk_notify/native/ (put there by
# build-gem.sh); without it the gem is a plain Ruby gem that needs GOVUK_NOTIFY_LIB or the
# library on the system's search path.
native_library = "lib/govuk_notify/native/libgovuk_notify.so"

Gem::Specification.new do |spec|
  spec.name = "govuk-notify"
  spec.version = GovukNotify::VERSION
  spec.summary = "GOV.UK Notify client: a drop-in for notifications-ruby-client over libgovuk_notify"
  spec.description = "A GOV.UK Notify API client for Ruby. Notifications::Client has the API of " \
                     "notifications-ruby-client 6.x; the protocol (keys, tokens, validation, " \
                     "retries, errors) is the govuk-notify Rust core, called through its C ABI " \
                     "with the ffi gem. Blocking calls release the GVL."
  spec.authors = ["govuk-notify contributors"]
  spec.license = "MIT"
  spec.required_ruby_version = ">= 3.0"
  spec.files = Dir["lib/**/*.rb"] + Dir["sig/**/*.rbs"] + ["README.md"]
  # build-gem.sh copies the repository's LICENSE next to the gemspec.
  spec.files << "LICENSE" if File.exist?(File.join(__dir__, "LICENSE"))
  if File.exist?(File.join(__dir__, native_library))
    spec.platform = "x86_64-linux"
    spec.files << native_library
  end
  spec.require_paths = ["lib"]
  spec.add_dependency "ffi", ">= 1.15", "< 2"
  spec.metadata["rubygems_mfa_required"] = "true"
end
