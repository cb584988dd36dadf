# frozen_string_literal: true

require_relative "test_helper"
require "rbs"

# bindings-ruby/sig/govuk_notify.rbs is an artefact of the gem: it must be valid, and name every
# public method of the public classes. run.sh also runs the whole suite with RBS's runtime type
# checker on (rbs/test/setup), so every call the tests make is checked against it.
class TestSignatures < Minitest::Test
  SIG = File.expand_path("../../bindings-ruby/sig", __dir__)

  CLASSES = [
    Notifications::Client, GovukNotify::Client, Notifications::Client::ResponseNotification,
    Notifications::Client::ResponsePrecompiledLetter, Notifications::Client::Notification,
    Notifications::Client::NotificationsCollection, Notifications::Client::ReceivedText,
    Notifications::Client::ReceivedTextCollection, Notifications::Client::Template,
    Notifications::Client::TemplateCollection, Notifications::Client::TemplatePreview,
    Notifications::Client::CostDetails, Notifications::Client::RequestError, GovukNotify::ArgumentError,
    GovukNotify::RetryPolicy, GovukNotify::Callbacks::DeliveryReceipt, GovukNotify::Callbacks::ReceivedText
  ].freeze

  # Helpers the official client's classes also expose publicly but does not document.
  UNDOCUMENTED = %i[collection_from].freeze

  # The aliases RBS's runtime checker adds around each method it checks.
  RBS_HOOK = /__with(out)?__RBS_TEST_/.freeze

  def builder
    loader = RBS::EnvironmentLoader.new
    loader.add(path: Pathname(SIG))
    RBS::DefinitionBuilder.new(env: RBS::Environment.from_loader(loader).resolve_type_names)
  end

  def test_the_runtime_type_checker_is_on_when_run_sh_asks_for_it
    hooked = Notifications::Client.public_instance_methods(false).grep(RBS_HOOK)
    if ENV["RBS_TEST_TARGET"]
      refute_empty hooked, "RBS_TEST_TARGET is set but no method is checked"
    else
      assert_empty hooked
    end
  end

  def test_the_signatures_are_valid
    out = IO.popen([RbConfig.ruby, Gem.bin_path("rbs", "rbs"), "-I", SIG, "validate"], err: %i[child out], &:read)
    assert $?.success?, out.lines.last(20).join
  end

  def test_every_public_method_has_a_signature
    b = builder
    CLASSES.each do |klass|
      name = RBS::TypeName.new(name: klass.name.split("::").last.to_sym,
                               namespace: RBS::Namespace.parse("::#{klass.name.split('::')[0..-2].join('::')}"))
      typed = b.build_instance(name).methods.keys
      defined = klass.public_instance_methods(false).grep_v(RBS_HOOK)
      missing = defined - typed - UNDOCUMENTED
      assert_empty missing, "#{klass}: no signature for #{missing.inspect}"
    end
    singleton = b.build_singleton(RBS::TypeName.new(name: :Callbacks, namespace: RBS::Namespace.parse("::GovukNotify")))
    assert_empty GovukNotify::Callbacks.singleton_methods.grep_v(RBS_HOOK) - singleton.methods.keys
    notifications = b.build_singleton(RBS::TypeName.new(name: :Notifications, namespace: RBS::Namespace.root))
    assert_includes notifications.methods.keys, :prepare_upload
  end
end
