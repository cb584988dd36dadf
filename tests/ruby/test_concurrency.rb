# frozen_string_literal: true

require_relative "test_helper"

# One client shared by threads (as Puma shares it), a client created before fork() used in the
# child (Unicorn/Puma preload, Sidekiq), and the GVL released while a call waits.
class TestConcurrency < Minitest::Test
  include SimulatorHelpers

  def test_one_client_shared_by_threads
    shared = Notifications::Client.new(KEY_TEST, BASE_URL)
    ref = "threads-#{SecureRandom.hex(4)}"
    ids = Array.new(8) do
      Thread.new { Array.new(5) { send_test_sms(reference: ref, target: shared).id } }
    end.flat_map(&:value)
    assert_equal 40, ids.uniq.size
    assert_equal ids.sort, GovukNotify::Client.new(KEY_TEST, BASE_URL).notifications(reference: ref).map(&:id).sort
  end

  def test_a_client_created_before_fork_works_in_the_child
    shared = Notifications::Client.new(KEY_TEST, BASE_URL)
    parent_id = send_test_sms(target: shared).id
    reader, writer = IO.pipe
    pids = Array.new(2) do
      fork do
        reader.close
        begin
          sent = send_test_sms(target: shared)
          writer.puts(shared.get_notification(sent.id).id)
          exit!(0)
        rescue StandardError => e
          writer.puts("error #{e.class}: #{e.message}")
          exit!(1)
        end
      end
    end
    writer.close
    statuses = pids.map { |pid| Process.wait2(pid).last }
    lines = reader.read.lines.map(&:strip)
    reader.close
    assert(statuses.all?(&:success?), "children: #{lines.inspect}")
    assert_equal 2, lines.uniq.size
    assert(lines.all? { |id| id.match?(/\A\h{8}-\h{4}-/) }, lines.inspect)
    # The parent's client still works after its children used their copies.
    assert_equal parent_id, shared.get_notification(parent_id).id
  end

  # Each call waits 3 s on the server. Holding the GVL would serialise them (about 6 s); the
  # library releases it, so they overlap.
  def test_blocking_calls_release_the_gvl
    add_fault(method: "GET", path_prefix: "/v2/template/#{TPL_SMS}", action: "delay", delay_ms: 3000, times: 2)
    shared = Notifications::Client.new(KEY_TEST, BASE_URL)
    ticks = 0
    ticker = Thread.new { loop { ticks += 1; sleep 0.05 } }
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    durations = Array.new(2) do
      Thread.new do
        t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        shared.get_template_by_id(TPL_SMS)
        Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
      end
    end.map(&:value)
    total = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    ticker.kill
    puts format("\nGVL check: two 3 s waits took %.2f s in total (each %.2f s, %.2f s)", total, *durations)
    assert(durations.all? { |d| d >= 2.9 }, "each call waited for the delayed server: #{durations}")
    assert_operator total, :<, 5.0, "the two waits overlapped"
    assert_operator ticks, :>, 20, "another Ruby thread kept running while both calls waited"
  end
end
