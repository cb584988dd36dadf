using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Notify.Client;
using Notify.Exceptions;

namespace Notify.Client.Tests
{
    /// <summary>One client shared by threads and by many concurrent tasks; no deadlock under a SynchronizationContext.</summary>
    [TestFixture]
    public class ConcurrencyTests
    {
        [Test]
        public void SixteenThreadsShareOneClient()
        {
            const int Threads = 16;
            const int SendsPerThread = 10;
            var ids = new ConcurrentBag<string>();
            var errors = new ConcurrentBag<Exception>();
            using (var client = Sim.Client())
            {
                var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
                {
                    try
                    {
                        for (int i = 0; i < SendsPerThread; i++)
                        {
                            // Alternate the blocking and the task-based calls on every thread.
                            var sent = i % 2 == 0
                                ? client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("T" + t))
                                : client.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("T" + t)).Result;
                            ids.Add(sent.id);
                            if (i % 5 == 0)
                            {
                                Assert.That(client.GetNotificationById(sent.id).id, Is.EqualTo(sent.id));
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        errors.Add(e);
                    }
                })).ToList();
                threads.ForEach(th => th.Start());
                threads.ForEach(th => Assert.That(th.Join(TimeSpan.FromSeconds(120)), "a thread did not finish"));
            }
            Assert.That(errors, Is.Empty, string.Join("\n", errors));
            Assert.That(ids.Count, Is.EqualTo(Threads * SendsPerThread));
            Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
        }

        [Test]
        public void ManyConcurrentAsyncCalls()
        {
            const int Calls = 300;
            using (var client = Sim.Client())
            {
                var reference = "many-" + Guid.NewGuid();
                var tasks = Enumerable.Range(0, Calls)
                    .Select(i => client.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("N" + i), reference))
                    .ToArray();
                Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(120)), "the tasks did not complete");
                var ids = tasks.Select(t => t.Result.id).ToList();
                Assert.That(ids.Distinct().Count(), Is.EqualTo(Calls));
                var reads = ids.Take(50).Select(id => client.GetNotificationByIdAsync(id)).ToArray();
                Assert.That(Task.WaitAll(reads, TimeSpan.FromSeconds(120)), "the reads did not complete");
                Assert.That(reads.All(r => r.Result.reference == reference));
            }
        }

        [Test]
        public void DisposingTheClientDoesNotLoseCallsInFlight()
        {
            var client = Sim.Client();
            var calls = Enumerable.Range(0, 20).Select(_ => client.GetTemplateByIdAsync(Sim.SmsTemplate)).ToArray();
            client.Dispose();
            Assert.That(Task.WaitAll(calls, TimeSpan.FromSeconds(60)), "the calls did not complete");
            Assert.That(calls.Select(c => c.Result.id), Has.All.EqualTo(Sim.SmsTemplate));
            Assert.Throws<ObjectDisposedException>(() => client.GetTemplateById(Sim.SmsTemplate));
        }

        [Test]
        public void AsyncRequestsGoOutWhileEveryThreadPoolThreadIsBusy()
        {
            // With every worker of a capped thread pool blocked, an implementation that runs the
            // blocking call on the pool (Task.Run) could not send anything; ours sends from the
            // native library's own I/O threads, so the simulator records the messages anyway.
            int minWorkers, minPorts, maxWorkers, maxPorts;
            ThreadPool.GetMinThreads(out minWorkers, out minPorts);
            ThreadPool.GetMaxThreads(out maxWorkers, out maxPorts);
            var reference = "busy-pool-" + Guid.NewGuid();
            using (var client = Sim.Client())
            using (var gate = new ManualResetEventSlim(false))
            using (var started = new CountdownEvent(minWorkers))
            {
                Assert.That(ThreadPool.SetMaxThreads(minWorkers, maxPorts), "could not cap the thread pool");
                Task[] blockers = null;
                Task<Notify.Models.Responses.SmsNotificationResponse>[] sends = null;
                int seen = 0;
                try
                {
                    blockers = Enumerable.Range(0, minWorkers).Select(_ => Task.Factory.StartNew(() =>
                    {
                        started.Signal();
                        gate.Wait();
                    })).ToArray();
                    Assert.That(started.Wait(TimeSpan.FromSeconds(30)), "the pool's workers did not all start");
                    sends = Enumerable.Range(0, 3).Select(i => client.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("P" + i), reference)).ToArray();
                    for (int attempt = 0; attempt < 300 && seen < 3; attempt++)
                    {
                        // The blocking method uses no pool thread either.
                        seen = client.GetNotifications(reference: reference).notifications.Count;
                        if (seen < 3)
                        {
                            Thread.Sleep(100);
                        }
                    }
                }
                finally
                {
                    gate.Set();
                    ThreadPool.SetMaxThreads(maxWorkers, maxPorts);
                }
                Assert.That(seen, Is.EqualTo(3), "the messages reached Notify while the pool was blocked");
                Assert.That(Task.WaitAll(sends, TimeSpan.FromSeconds(60)), "the tasks did not complete once the pool was free");
                Assert.That(sends.Select(t => t.Result.reference), Has.All.EqualTo(reference));
                Task.WaitAll(blockers, TimeSpan.FromSeconds(60));
            }
        }

        /// <summary>
        /// A context like a UI thread's or classic ASP.NET's: continuations posted to it run
        /// only when its one thread pumps, and that thread is blocked in .Result. The official
        /// client deadlocks here; a library that never resumes on the caller's context does not.
        /// </summary>
        private sealed class SingleThreadContext : SynchronizationContext
        {
            public readonly BlockingCollection<KeyValuePair<SendOrPostCallback, object>> Queue =
                new BlockingCollection<KeyValuePair<SendOrPostCallback, object>>();

            public int Posted;

            public override void Post(SendOrPostCallback d, object state)
            {
                Interlocked.Increment(ref Posted);
                Queue.Add(new KeyValuePair<SendOrPostCallback, object>(d, state));
            }

            public override void Send(SendOrPostCallback d, object state)
            {
                throw new NotSupportedException("Send would block the context's thread");
            }
        }

        [Test]
        public void ResultUnderASingleThreadedSynchronizationContextCompletes()
        {
            Exception failure = null;
            string id = null;
            NotifyClientException notFound = null;
            var context = new SingleThreadContext();
            var thread = new Thread(() =>
            {
                SynchronizationContext.SetSynchronizationContext(context);
                try
                {
                    using (var client = Sim.Client())
                    {
                        id = client.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("Ctx")).Result.id;
                        var template = client.GetTemplateByIdAsync(Sim.SmsTemplate).GetAwaiter().GetResult();
                        Assert.That(template.id, Is.EqualTo(Sim.SmsTemplate));
                        try
                        {
                            client.GetNotificationByIdAsync(Guid.NewGuid().ToString()).Wait();
                        }
                        catch (AggregateException e)
                        {
                            notFound = e.InnerException as NotifyClientException;
                        }
                        // The blocking methods never touch a Task at all.
                        Assert.That(client.GetNotificationById(id).id, Is.EqualTo(id));
                    }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            thread.Start();
            Assert.That(thread.Join(TimeSpan.FromSeconds(60)), "deadlock: .Result under a single-threaded SynchronizationContext did not return");
            Assert.That(failure, Is.Null, failure == null ? "" : failure.ToString());
            Assert.That(id, Has.Length.EqualTo(36));
            Assert.That(notFound, Is.Not.Null);
            Assert.That(notFound.Kind, Is.EqualTo(NotifyErrorKind.NotFound));
            Assert.That(context.Posted, Is.EqualTo(0), "nothing was posted back to the caller's context");
        }

        [Test]
        public void AwaitInsideAnAsyncMethodResumesOnTheCallersContextAsUsual()
        {
            // ConfigureAwait(false) is inside the library only: the caller's own await still
            // captures its context, as C# promises.
            var context = new SingleThreadContext();
            SynchronizationContext previous = SynchronizationContext.Current;
            Task<string> task;
            // The response is held back, so the await really suspends: a response that arrived
            // before the await looked at the task would let it continue synchronously, with
            // nothing to post (seen on an idle machine).
            Sim.Fault("{\"path_prefix\": \"/v2/template\", \"action\": \"delay\", \"delay_ms\": 500}");
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                task = CallerAsync();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
            KeyValuePair<SendOrPostCallback, object> item;
            bool posted;
            try
            {
                posted = context.Queue.TryTake(out item, TimeSpan.FromSeconds(60));
            }
            finally
            {
                Sim.ClearFaults();
            }
            if (!posted)
            {
                Assert.Fail("nothing was posted to the caller's context; the task is " + task.Status + " " + task.Exception);
            }
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                item.Key(item.Value);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
            Assert.That(task.IsCompleted);
            Assert.That(task.Result, Is.EqualTo(Sim.SmsTemplate));
        }

        private static async Task<string> CallerAsync()
        {
            using (var client = Sim.Client())
            {
                var template = await client.GetTemplateByIdAsync(Sim.SmsTemplate);
                Assert.That(SynchronizationContext.Current, Is.InstanceOf<SingleThreadContext>());
                return template.id;
            }
        }
    }
}
