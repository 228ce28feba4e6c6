namespace Workflow.Cli;

/// <summary>A one-line progress bar on standard error; on a redirected stream it writes only the final line.</summary>
internal sealed class ProgressBar(TextWriter output, int total, bool interactive) : IProgress<int>
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private int _shown = -1;

    public void Report(int value)
    {
        lock (_gate)
        {
            // Completions arrive out of order from parallel runs; the bar never goes back.
            var percent = total == 0 ? 100 : value * 100 / total;
            if (percent <= _shown || (!interactive && value < total))
            {
                return;
            }
            _shown = percent;
            var filled = percent * Width / 100;
            output.Write($"{(interactive ? "\r" : "")}Replaying [{new string('#', filled)}{new string('.', Width - filled)}] {value}/{total} systems");
            if (value >= total)
            {
                output.WriteLine();
            }
        }
    }
}
