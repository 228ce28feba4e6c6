using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace Workflow.Functions.Pages;

/// <summary>A page that posts forms, in the words its refusals use.</summary>
/// <param name="Forms">What may post here, as "Only … can be sent here" says it.</param>
/// <param name="Unchanged">What a refusal leaves as it was, as "…, so …" ends.</param>
/// <param name="Next">What to do instead.</param>
/// <param name="Upload">For forms that carry a file: how large the body may be, and the page refusing one larger.</param>
public sealed record FormSource(string Forms, string Unchanged, string Next, FormUpload? Upload = null);

/// <summary>A form that carries a file: the most its multipart body may hold, and the page that says a file was too large.</summary>
public sealed record FormUpload(long MaxBodyBytes, IResult TooLarge);

/// <summary>
/// What every form a page posts goes through before anything in it is used: it is a form, it can be read,
/// and it carries the anti-forgery token of a page this service served. A refusal is a page saying so.
/// </summary>
public static class PostedForm
{
    public static async Task<(IFormCollection? Form, IResult? Refusal)> ReadAsync(
        HttpRequest request, IAntiforgery antiforgery, FormSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(source);
        if (!request.HasFormContentType)
        {
            return (null, Unsupported(source));
        }
        IFormCollection form;
        // The form reader says a part past its length limit with the same InvalidDataException as a broken body; only
        // how much it read tells the two apart.
        var body = request.Body;
        using var counted = new CountingStream(body);
        request.Body = counted;
        try
        {
            form = source.Upload is { } upload
                ? await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = upload.MaxBodyBytes }, cancellationToken)
                : await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (source.Upload is { } upload
            && (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || (ex is InvalidDataException && counted.BytesRead > upload.MaxBodyBytes)))
        {
            return (null, upload.TooLarge);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A body cut short or not multipart as announced (a client going away ends up here too; it reads nothing).
            return (null, Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "The form could not be read.", source.Next));
        }
        finally
        {
            request.Body = body;
        }
        if (!await antiforgery.IsRequestValidAsync(request.HttpContext))
        {
            return (null, Html.Problem(StatusCodes.Status400BadRequest, "This form has expired",
                $"The page was open too long or the form was not sent from this service, so {source.Unchanged}.", source.Next));
        }
        return (form, null);
    }

    /// <summary>Anything but the page's own form (JSON, a bare body) is refused before it is read.</summary>
    public static IResult Unsupported(FormSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Html.Problem(StatusCodes.Status415UnsupportedMediaType, "Please check the form", $"Only {source.Forms} can be sent here.", source.Next);
    }

    /// <summary>The request body as it was, counting what is read from it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
