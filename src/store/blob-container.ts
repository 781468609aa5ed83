import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

/** The container from a connection string (Azurite, development) or an account URL with DefaultAzureCredential (managed identity in Azure). */
export function blobContainer(options: { connectionString?: string; accountUrl?: string; container: string }): ContainerClient {
  const service = options.connectionString
    ? BlobServiceClient.fromConnectionString(options.connectionString)
    : new BlobServiceClient(options.accountUrl as string, new DefaultAzureCredential());
  return service.getContainerClient(options.container);
}
