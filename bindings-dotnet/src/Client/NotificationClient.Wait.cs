using System;
using System.Threading;
using System.Threading.Tasks;
using Notify.Exceptions;
using Notify.Internal;
using Notify.Models;

namespace Notify.Client
{
    /// <summary>Waiting for a notification's status (not in the official client).</summary>
    public partial class NotificationClient
    {
        /// <summary>
        /// Polls a notification until its status is one of <see cref="WaitForStatusOptions.Until"/>
        /// (by default any final status) and returns it, blocking the calling thread. Polls at
        /// once, then with a growing interval; transient poll errors (5xx, network) do not end the
        /// wait.
        /// </summary>
        /// <param name="notificationId">The id from the send's response.</param>
        /// <param name="options">What to wait for and how to poll, or null for the defaults.</param>
        /// <param name="cancellationToken">Cancelling it ends the wait with <see cref="OperationCanceledException"/>.</param>
        /// <exception cref="NotifyClientException">
        /// <see cref="NotifyErrorKind.Timeout"/> when the timeout passes first (the message names
        /// the statuses wanted and the last one seen); the poll's error when it is not transient
        /// (e.g. <see cref="NotifyErrorKind.NotFound"/>); <see cref="NotifyErrorKind.Argument"/>
        /// for an unknown status or a malformed id, before any request.
        /// </exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public Notification WaitForStatus(string notificationId, WaitForStatusOptions options = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var client = Handle();
            var token = NewCancelToken();
            try
            {
                using (cancellationToken.Register(() => Native.govuk_notify_cancel_token_cancel(token)))
                {
                    IntPtr json;
                    IntPtr error;
                    uint r = Native.govuk_notify_wait_for_status(client, Native.Utf8(notificationId), Native.Utf8(WaitJson(options)), token, out json, out error);
                    if (r != Native.Ok)
                    {
                        var report = Native.TakeString(error);
                        cancellationToken.ThrowIfCancellationRequested();
                        throw ErrorReport.Parse(r, report).ToException();
                    }
                    return Map(Native.TakeString(json), Notification.From, "Notification");
                }
            }
            finally
            {
                Native.govuk_notify_cancel_token_free(token);
            }
        }

        /// <summary>As <see cref="WaitForStatus"/>, without holding a thread while it waits.</summary>
        /// <param name="notificationId">The id from the send's response.</param>
        /// <param name="options">What to wait for and how to poll, or null for the defaults.</param>
        /// <param name="cancellationToken">Cancelling it ends the wait: the task is cancelled.</param>
        public async Task<Notification> WaitForStatusAsync(string notificationId, WaitForStatusOptions options = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = NewCancelToken();
            try
            {
                Outcome outcome;
                using (cancellationToken.Register(() => Native.govuk_notify_cancel_token_cancel(token)))
                {
                    try
                    {
                        outcome = await StartWait(notificationId, options, token).ConfigureAwait(false);
                    }
                    catch (NotifyClientException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                return Map(outcome.Json, Notification.From, "Notification");
            }
            finally
            {
                Native.govuk_notify_cancel_token_free(token);
            }
        }

        private static string WaitJson(WaitForStatusOptions options)
        {
            return options == null ? null : options.ToJson();
        }

        private static IntPtr NewCancelToken()
        {
            IntPtr token;
            IntPtr error;
            uint r = Native.govuk_notify_cancel_token_new(out token, out error);
            if (r != Native.Ok)
            {
                throw ErrorReport.Parse(r, Native.TakeString(error)).ToException();
            }
            return token;
        }

        /// <summary>Starts the native wait; completes from a library thread, as <see cref="Start"/>.</summary>
        private Task<Outcome> StartWait(string notificationId, WaitForStatusOptions options, IntPtr token)
        {
            var pending = new Pending();
            var state = default(System.Runtime.InteropServices.GCHandle);
            bool started = false;
            try
            {
                var client = Handle();
                state = System.Runtime.InteropServices.GCHandle.Alloc(pending);
                IntPtr error;
                uint r = Native.govuk_notify_wait_for_status_async(client, Native.Utf8(notificationId), Native.Utf8(WaitJson(options)), token,
                    Completion, System.Runtime.InteropServices.GCHandle.ToIntPtr(state), out error);
                started = r == Native.Ok;
                if (!started)
                {
                    throw ErrorReport.Parse(r, Native.TakeString(error)).ToException();
                }
            }
            catch (Exception e)
            {
                if (!started && state.IsAllocated)
                {
                    state.Free();
                }
                pending.Source.TrySetException(e);
            }
            return pending.Source.Task;
        }
    }
}
