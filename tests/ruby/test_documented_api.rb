# frozen_string_literal: true

require_relative "test_helper"
require "rbconfig"
require "tmpdir"

# Compatibility fixtures: the documented examples of the official Ruby client run unchanged, from
# the source tree and from the platform gem installed into a clean GEM_HOME.
class TestDocumentedApi < Minitest::Test
  include SimulatorHelpers

  ROOT = File.expand_path("../..", __dir__)
  PROGRAM = File.join(__dir__, "fixtures", "documented_api.rb")

  def program_env
    { "NOTIFY_API_KEY" => KEY_TEST, "NOTIFY_BASE_URL" => BASE_URL }
  end

  def run_program(env, *ruby_args)
    IO.popen(env, [RbConfig.ruby, *ruby_args, PROGRAM], err: %i[child out], &:read)
  end

  def test_the_documented_examples_run_from_the_source_tree
    out = run_program(program_env, "-I", File.join(ROOT, "bindings-ruby/lib"))
    assert $?.success?, out
    assert_includes out, "documented API: ok"
  end

  # The README's Ruby quick start (the fence marked "ruby quickstart") runs as written.
  def test_the_readme_quick_start_runs
    readme = File.read(File.join(ROOT, "README.md"))
    snippets = readme.scan(/^```ruby quickstart\n(.*?)^```$/m).flatten
    assert_equal 1, snippets.size
    out = IO.popen(program_env, [RbConfig.ruby, "-I", File.join(ROOT, "bindings-ruby/lib"), "-e", snippets.first],
                   err: %i[child out], &:read)
    assert $?.success?, out
    assert_match(/\A\h{8}-\h{4}-\h{4}-\h{4}-\h{12}: (created|sending|delivered)\n\z/, out)
  end

  def test_the_platform_gem_installs_into_a_clean_gem_home_and_runs_them
    library = ENV.fetch("GOVUK_NOTIFY_LIB")
    Dir.mktmpdir do |dir|
      built = IO.popen([File.join(ROOT, "bindings-ruby/build-gem.sh"), library, dir], err: %i[child out], &:read)
      assert $?.success?, built
      gem_file = built.lines.last.strip
      assert_match(/govuk-notify-#{Regexp.escape(GovukNotify::VERSION)}-x86_64-linux\.gem\z/, gem_file)
      listing = IO.popen(["tar", "-xOf", gem_file, "data.tar.gz"], &:read)
      files = IO.popen(["tar", "-tz"], "r+") { |io| io.write(listing); io.close_write; io.read }
      assert_includes files, "lib/govuk_notify/native/libgovuk_notify.so"
      assert_includes files, "sig/govuk_notify.rbs"
      assert_includes files, "LICENSE"

      home = File.join(dir, "gem_home")
      # Only GEM_HOME is set: Debian's ffi stays visible through the default gem path.
      installed = IO.popen({ "GEM_HOME" => home }, ["gem", "install", "--local", "--no-document", gem_file],
                           err: %i[child out], &:read)
      assert $?.success?, installed
      env = program_env.merge("GEM_HOME" => home, "GOVUK_NOTIFY_LIB" => nil, "LD_LIBRARY_PATH" => nil,
                              "RUBYLIB" => nil, "RUBYOPT" => nil)
      # Run from an empty directory so nothing from the source tree can be loaded.
      out = Dir.chdir(dir) { run_program(env) }
      assert $?.success?, out
      assert_includes out, "documented API: ok"
      where = IO.popen(env, [RbConfig.ruby, "-e", "require 'notifications/client'; puts $LOADED_FEATURES.grep(/govuk_notify\\.rb/)"],
                       chdir: dir, &:read)
      assert_includes where, home
    end
  end
end
