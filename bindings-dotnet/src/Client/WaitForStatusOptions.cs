using System;
using System.Collections.Generic;

namespace Notify.Client
{
    /// <summary>
    /// What <see cref="NotificationClient.WaitForStatus"/> waits for, and how it polls. Every
    /// value is optional; unset values keep the native library's defaults.
    /// </summary>
    public sealed class WaitForStatusOptions
    {
        /// <summary>
        /// The statuses to wait for. Default (null): any final status: delivered, sent, received
        /// (letters), permanent-failure, temporary-failure, technical-failure, failed, cancelled,
        /// returned-letter, validation-failed, virus-scan-failed.
        /// </summary>
        public IList<string> Until { get; set; }

        /// <summary>How long to wait in all. Default 5 minutes.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>The wait before the second poll (each later wait is 1.5 times the last). Default 1 second.</summary>
        public TimeSpan? PollInterval { get; set; }

        /// <summary>The longest wait between polls. Default 30 seconds.</summary>
        public TimeSpan? MaxPollInterval { get; set; }

        /// <summary>The options as the native library's JSON.</summary>
        internal string ToJson()
        {
            return Internal.Json.Object(
                Internal.Json.Member("until", Until == null ? null : new List<string>(Until)),
                Internal.Json.Member("timeout_ms", Millis(Timeout)),
                Internal.Json.Member("poll_interval_ms", Millis(PollInterval)),
                Internal.Json.Member("max_poll_interval_ms", Millis(MaxPollInterval)));
        }

        private static object Millis(TimeSpan? t)
        {
            if (!t.HasValue)
            {
                return null;
            }
            return (long)Math.Ceiling(t.Value.TotalMilliseconds);
        }
    }
}
